package dev.idempotency.core;

import java.util.function.Supplier;

import org.springframework.core.NestedExceptionUtils;

/**
 * Times store requests and reports them, with their success, to the gate's listener; without a
 * listener ({@link IdempotencyListener#NONE}) the requests are not timed.
 */
final class StoreRequests {

	private final IdempotencyListener listener;

	StoreRequests(IdempotencyListener listener) {
		this.listener = listener;
	}

	<R> R timed(StoreOperation operation, Supplier<R> request) {
		if (this.listener == IdempotencyListener.NONE) {
			return request.get();
		}
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

	/**
	 * Describe a store failure by its most specific cause, such as Redis's {@code WRONGTYPE ...}
	 * rather than a wrapper's {@code Error in execution}.
	 */
	static String reason(Throwable failure) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
	}

	void timed(StoreOperation operation, Runnable request) {
		timed(operation, () -> {
			request.run();
			return null;
		});
	}

}
