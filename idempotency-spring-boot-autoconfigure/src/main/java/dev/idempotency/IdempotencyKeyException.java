package dev.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * No idempotency key could be resolved for a message: the key expression gave {@code null} or a
 * blank value, failed, or the key header was absent. Not retryable: the same message will never
 * yield a key. Thrown when {@code idempotency.on-missing-key} is {@code reject} (the default).
 */
public class IdempotencyKeyException extends IdempotencyException {

	public IdempotencyKeyException(String consumer, String message) {
		this(consumer, message, null);
	}

	public IdempotencyKeyException(String consumer, String message, @Nullable Throwable cause) {
		super(consumer, message, cause);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
