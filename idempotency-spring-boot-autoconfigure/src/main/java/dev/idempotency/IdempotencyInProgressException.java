package dev.idempotency;

/**
 * Another delivery of the same message holds a live claim and did not finish while this one
 * waited (up to the lease). Retryable: deliver the message again later, and it will be a
 * duplicate (the holder completed) or run (the holder failed or its lease lapsed).
 */
public class IdempotencyInProgressException extends IdempotencyException {

	private final String key;

	public IdempotencyInProgressException(String consumer, String key, String message) {
		super(consumer, message, null);
		this.key = key;
	}

	/**
	 * Return the key of the message that is in progress elsewhere.
	 * @return the idempotency key
	 */
	public String getKey() {
		return this.key;
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
