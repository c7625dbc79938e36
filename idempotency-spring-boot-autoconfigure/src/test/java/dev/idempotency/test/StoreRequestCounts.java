package dev.idempotency.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.StoreOperation;

/**
 * Counts the requests a gate sends to its store, by operation: a test declares it as a bean to
 * see how many round trips a run took.
 */
public final class StoreRequestCounts implements IdempotencyListener {

	private final Map<StoreOperation, AtomicInteger> counts = new ConcurrentHashMap<>();

	@Override
	public void onStoreRequest(StoreOperation operation, long nanos, boolean success) {
		this.counts.computeIfAbsent(operation, (key) -> new AtomicInteger()).incrementAndGet();
	}

	/**
	 * Return how many requests of an operation were sent since the last {@link #reset()}.
	 * @param operation the operation
	 * @return the count
	 */
	public int of(StoreOperation operation) {
		AtomicInteger count = this.counts.get(operation);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Start counting from zero.
	 */
	public void reset() {
		this.counts.clear();
	}

}
