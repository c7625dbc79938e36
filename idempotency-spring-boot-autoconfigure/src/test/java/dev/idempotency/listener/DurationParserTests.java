package dev.idempotency.listener;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DurationParser}: the forms of {@code @Idempotent(ttl, lease)} read as Spring
 * Boot reads the {@code idempotency.*} duration properties.
 */
class DurationParserTests {

	@ParameterizedTest
	@ValueSource(strings = { "500ms", "30s", "5m", "2h", "7d", "10ns", "10us", "250", "0s", "-1s", "+3m", "30S", "5M",
			"7D", "500MS", "PT1H", "P7D", "pt90s", "-PT1M", "P1DT2H" })
	void readsWhatSpringBootReads(String value) {
		assertThat(DurationParser.parse(value)).isEqualTo(DurationStyle.detectAndParse(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "", " 30s", "30 s", "1.5s", "30sec", "5w", "P", "PT", "P1Y", "99999999999999999999d",
			"9223372036854775807d" })
	void rejectsWhatSpringBootRejects(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> DurationStyle.detectAndParse(value));
		assertThatIllegalArgumentException().isThrownBy(() -> DurationParser.parse(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "7d", "PT168H" })
	void readsSevenDays(String value) {
		assertThat(DurationParser.parse(value)).isEqualTo(Duration.ofDays(7));
	}

}
