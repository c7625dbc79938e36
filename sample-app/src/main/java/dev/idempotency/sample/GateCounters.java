package dev.idempotency.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Reads the gate's {@code idempotency.messages} counters for the demos.
 */
@Component
class GateCounters {

	private final MeterRegistry meters;

	GateCounters(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * Wait until every one of {@code messages} deliveries was processed or skipped as a duplicate.
	 * @throws IllegalStateException naming what is missing and why, if they were not within
	 * {@code timeout}
	 */
	void awaitDeliveries(int messages, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (deliveries("processed") + deliveries("duplicate") < messages) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(missing(messages, timeout));
			}
			Thread.sleep(100);
		}
	}

	private String missing(int messages, Duration timeout) {
		long done = deliveries("processed") + deliveries("duplicate");
		String counted = this.meters.find("idempotency.messages").counters().stream()
			.filter((counter) -> counter.count() > 0)
			.collect(Collectors.groupingBy((counter) -> counter.getId().getTag("outcome"), TreeMap::new,
					Collectors.summingLong((counter) -> (long) counter.count())))
			.toString();
		String why = (deliveries("store_error") > 0)
				? " The idempotency store did not answer (store_error): the gate refused those deliveries and handed "
						+ "them back to be delivered again, so nothing is lost; start the store, or check its address "
						+ "in the gate's WARN above."
				: " Deliveries are still arriving or failing; see the log above.";
		return "The demo saw " + done + " of " + messages + " deliveries processed or skipped as duplicates within "
				+ timeout.toSeconds() + " s; " + (messages - done) + " are missing. The gate counted " + counted + "."
				+ why;
	}

	/** Deliveries the gate counted, for one outcome or, with {@code null}, for all. */
	long deliveries(String outcome) {
		var search = this.meters.find("idempotency.messages");
		if (outcome != null) {
			search = search.tag("outcome", outcome);
		}
		return (long) search.counters().stream().mapToDouble(Counter::count).sum();
	}

}
