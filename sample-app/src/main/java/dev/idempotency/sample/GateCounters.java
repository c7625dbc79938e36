package dev.idempotency.sample;

import java.time.Duration;
import java.time.Instant;

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

	/** Wait until the gate has counted {@code messages} deliveries. */
	void awaitDeliveries(int messages, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (deliveries(null) < messages) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Only " + deliveries(null) + " of " + messages
						+ " deliveries reached the gate within " + timeout);
			}
			Thread.sleep(100);
		}
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
