package dev.idempotency;

/**
 * The idempotency store could not be reached or failed, so the gate could not decide whether a
 * message is a duplicate and did not run its body (fail closed). Retryable: redeliver the message
 * once the store is back. Thrown when {@code idempotency.on-store-error} is {@code reject} (the
 * default).
 */
public class IdempotencyStoreException extends IdempotencyException {

	public IdempotencyStoreException(String consumer, String message, Throwable cause) {
		super(consumer, message, cause);
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
