package dev.idempotency.core;

import java.util.function.Supplier;

/**
 * Times store requests and reports them, with their success, to the gate's listener.
 */
final class StoreRequests {

	private final IdempotencyListener listener;

	StoreRequests(IdempotencyListener listener) {
		this.listener = listener;
	}

	<R> R timed(StoreOperation operation, Supplier<R> request) {
		long start = System.nanoTime();
		try {
			R result = request.get();
			this.listener.onStoreRequest(operation, System.nanoTime() - start, true);
			return result;
		}
		catch (RuntimeException ex) {
			this.listener.onStoreRequest(operation, System.nanoTime() - start, false);
			throw ex;
		}
	}

	void timed(StoreOperation operation, Runnable request) {
		timed(operation, () -> {
			request.run();
			return null;
		});
	}

}
