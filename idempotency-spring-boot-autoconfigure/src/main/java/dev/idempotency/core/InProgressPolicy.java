package dev.idempotency.core;

/**
 * What the gate does with a delivery that meets another delivery's live claim.
 */
public enum InProgressPolicy {

	/**
	 * Wait with back-off, at most for the lease, until the holder completes (the delivery is a
	 * duplicate) or its claim is released or lapses (the delivery takes it over). Still held
	 * after that: throw {@link dev.idempotency.IdempotencyInProgressException}.
	 */
	RETRY,

	/** Skip the body at once and acknowledge the delivery, trusting the holder to finish. */
	SKIP

}
