package dev.idempotency.core;

/**
 * What the gate does with a message whose key cannot be resolved.
 */
public enum MissingKeyPolicy {

	/** Throw {@link dev.idempotency.IdempotencyKeyException}, which is not retryable. */
	REJECT,

	/** Run the body without the gate, log a warning and count the outcome. */
	PROCESS

}
