package dev.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the exceptions the idempotency gate throws instead of running a listener body.
 */
public abstract class IdempotencyException extends RuntimeException {

	private final String consumer;

	protected IdempotencyException(String consumer, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.consumer = consumer;
	}

	/**
	 * Return the name of the consumer whose delivery was refused.
	 * @return the consumer name
	 */
	public String getConsumer() {
		return this.consumer;
	}

	/**
	 * Whether delivering the same message again may succeed. Error handlers can use this to send
	 * non-retryable failures straight to a recoverer.
	 * @return {@code true} if a redelivery may succeed
	 */
	public abstract boolean isRetryable();

}
