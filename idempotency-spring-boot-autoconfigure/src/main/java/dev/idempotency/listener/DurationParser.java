package dev.idempotency.listener;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses the durations of {@code @Idempotent(ttl, lease)} in the forms that
 * {@code idempotency.*} properties accept, without Spring Boot: a whole number with an optional
 * unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, also {@code ns} and
 * {@code us}; milliseconds without a unit), or ISO-8601 ({@code PT1H}, {@code P7D}).
 */
final class DurationParser {

	private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)([a-zA-Z]{0,2})$");

	private static final Pattern ISO_8601 = Pattern.compile("^[+-]?[pP].*$");

	private static final Map<String, ChronoUnit> UNITS = Map.of("ns", ChronoUnit.NANOS, "us", ChronoUnit.MICROS,
			"ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS, "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS, "d",
			ChronoUnit.DAYS);

	private DurationParser() {
	}

	/**
	 * Parse a duration.
	 * @param value the text, such as {@code "30s"} or {@code "PT1H"}
	 * @return the duration, possibly zero or negative
	 * @throws IllegalArgumentException if the text is not a duration
	 */
	static Duration parse(String value) {
		Matcher simple = SIMPLE.matcher(value);
		if (simple.matches()) {
			return simple(value, simple.group(1), simple.group(2));
		}
		if (ISO_8601.matcher(value).matches()) {
			try {
				return Duration.parse(value);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("'" + value + "' is not a valid ISO-8601 duration", ex);
			}
		}
		throw new IllegalArgumentException("'" + value + "' is not a valid duration");
	}

	private static Duration simple(String value, String amount, String suffix) {
		@Nullable ChronoUnit unit = suffix.isEmpty() ? ChronoUnit.MILLIS : UNITS.get(suffix.toLowerCase(Locale.ROOT));
		if (unit == null) {
			throw new IllegalArgumentException("'" + value + "' has an unknown unit '" + suffix + "'");
		}
		try {
			return Duration.of(Long.parseLong(amount), unit);
		}
		catch (ArithmeticException | NumberFormatException ex) {
			throw new IllegalArgumentException("'" + value + "' is not a valid simple duration", ex);
		}
	}

}
