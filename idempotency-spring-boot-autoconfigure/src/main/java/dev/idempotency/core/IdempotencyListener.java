package dev.idempotency.core;

import java.util.List;

/**
 * Observes the gate: one call per delivery outcome and one per store request. Methods do nothing
 * by default. Implementations are called on the listener thread and must be fast.
 */
public interface IdempotencyListener {

	/**
	 * A listener that observes nothing.
	 */
	IdempotencyListener NONE = new IdempotencyListener() {
	};

	/**
	 * Called once per delivery with its outcome.
	 * @param consumer the consumer name
	 * @param outcome the outcome
	 */
	default void onOutcome(String consumer, Outcome outcome) {
	}

	/**
	 * Called once per store request.
	 * @param operation the operation
	 * @param nanos how long the request took
	 * @param success whether it succeeded
	 */
	default void onStoreRequest(StoreOperation operation, long nanos, boolean success) {
	}

	/**
	 * Return a listener that calls each of {@code listeners} in order.
	 * @param listeners the listeners
	 * @return the composite listener
	 */
	static IdempotencyListener composite(List<? extends IdempotencyListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		List<IdempotencyListener> all = List.copyOf(listeners);
		return new IdempotencyListener() {

			@Override
			public void onOutcome(String consumer, Outcome outcome) {
				all.forEach((listener) -> listener.onOutcome(consumer, outcome));
			}

			@Override
			public void onStoreRequest(StoreOperation operation, long nanos, boolean success) {
				all.forEach((listener) -> listener.onStoreRequest(operation, nanos, success));
			}

		};
	}

}
