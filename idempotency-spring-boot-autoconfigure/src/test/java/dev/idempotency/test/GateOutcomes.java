package dev.idempotency.test;

import java.util.Map;
import java.util.stream.Collectors;

import dev.idempotency.metrics.IdempotencyMetricNames;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads the gate's {@code idempotency.messages} counters: how many deliveries of a consumer ended
 * with each outcome.
 */
public final class GateOutcomes {

	private GateOutcomes() {
	}

	/**
	 * Return the outcomes of a consumer's deliveries, by outcome tag; an outcome that never
	 * happened is absent.
	 * @param meters the registry the gate publishes to
	 * @param consumer the consumer name
	 * @return the counts by outcome
	 */
	public static Map<String, Long> of(MeterRegistry meters, String consumer) {
		return meters.find(IdempotencyMetricNames.MESSAGES)
			.tag(IdempotencyMetricNames.TAG_CONSUMER, consumer)
			.counters()
			.stream()
			.filter((counter) -> counter.count() > 0)
			.collect(Collectors.toMap((counter) -> counter.getId().getTag(IdempotencyMetricNames.TAG_OUTCOME),
					(counter) -> (long) counter.count()));
	}

	/**
	 * Return how many deliveries of a consumer ended with one outcome.
	 * @param meters the registry the gate publishes to
	 * @param consumer the consumer name
	 * @param outcome the outcome tag, such as {@code "duplicate"}
	 * @return the count
	 */
	public static long of(MeterRegistry meters, String consumer, String outcome) {
		return of(meters, consumer).getOrDefault(outcome, 0L);
	}

	/**
	 * Return how many deliveries of a consumer the gate decided on, whatever the outcome.
	 * @param meters the registry the gate publishes to
	 * @param consumer the consumer name
	 * @return the count
	 */
	public static long total(MeterRegistry meters, String consumer) {
		return of(meters, consumer).values().stream().mapToLong(Long::longValue).sum();
	}

}
