package dev.idempotency.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.Outcome;
import dev.idempotency.core.StoreOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Publishes the gate's outcomes and store requests to Micrometer: the counter
 * {@value IdempotencyMetricNames#MESSAGES} and the timer
 * {@value IdempotencyMetricNames#STORE_REQUESTS}. Meters are created once per consumer and
 * outcome, not per message.
 */
public class MicrometerIdempotencyListener implements IdempotencyListener {

	private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

	private final Timer[] successTimers = new Timer[StoreOperation.values().length];

	private final Timer[] errorTimers = new Timer[StoreOperation.values().length];

	private final MeterRegistry registry;

	private final String group;

	private final String store;

	/**
	 * Create the listener.
	 * @param registry the registry to publish to
	 * @param group the group id, tagged on every counter
	 * @param store the store type, tagged on every meter
	 */
	public MicrometerIdempotencyListener(MeterRegistry registry, String group, String store) {
		this.registry = registry;
		this.group = group;
		this.store = store;
		for (StoreOperation operation : StoreOperation.values()) {
			this.successTimers[operation.ordinal()] = timer(operation, "success");
			this.errorTimers[operation.ordinal()] = timer(operation, "error");
		}
	}

	@Override
	public void onOutcome(String consumer, Outcome outcome) {
		this.counters.computeIfAbsent(consumer, this::counters)[outcome.ordinal()].increment();
	}

	@Override
	public void onStoreRequest(StoreOperation operation, long nanos, boolean success) {
		(success ? this.successTimers : this.errorTimers)[operation.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
	}

	private Counter[] counters(String consumer) {
		Outcome[] outcomes = Outcome.values();
		Counter[] counters = new Counter[outcomes.length];
		for (Outcome outcome : outcomes) {
			counters[outcome.ordinal()] = Counter.builder(IdempotencyMetricNames.MESSAGES)
				.description("Deliveries seen by the idempotency gate, by outcome")
				.tag(IdempotencyMetricNames.TAG_GROUP, this.group)
				.tag(IdempotencyMetricNames.TAG_CONSUMER, consumer)
				.tag(IdempotencyMetricNames.TAG_STORE, this.store)
				.tag(IdempotencyMetricNames.TAG_OUTCOME, outcome.tag())
				.register(this.registry);
		}
		return counters;
	}

	private Timer timer(StoreOperation operation, String outcome) {
		return Timer.builder(IdempotencyMetricNames.STORE_REQUESTS)
			.description("Requests of the idempotency gate to its store")
			.tag(IdempotencyMetricNames.TAG_STORE, this.store)
			.tag(IdempotencyMetricNames.TAG_OPERATION, operation.tag())
			.tag(IdempotencyMetricNames.TAG_OUTCOME, outcome)
			.register(this.registry);
	}

}
