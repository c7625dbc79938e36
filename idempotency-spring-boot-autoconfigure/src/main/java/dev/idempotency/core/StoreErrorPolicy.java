package dev.idempotency.core;

/**
 * What the gate does when the store fails to claim a message.
 */
public enum StoreErrorPolicy {

	/** Fail closed: throw {@link dev.idempotency.IdempotencyStoreException}, which is retryable. */
	REJECT,

	/** Fail open: run the body without the gate, log a warning and count the outcome. */
	PROCESS

}
