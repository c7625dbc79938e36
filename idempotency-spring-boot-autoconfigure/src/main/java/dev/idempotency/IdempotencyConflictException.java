package dev.idempotency;

/**
 * A message arrived with the key of a recorded message but different content: its fingerprint
 * ({@link Idempotent#fingerprint()}) differs from the one stored with the record. The body did not
 * run. Not retryable: the same message conflicts again, so error handlers should send it straight
 * to a recoverer or dead letter for a person to look at.
 */
public class IdempotencyConflictException extends IdempotencyException {

	private final String key;

	public IdempotencyConflictException(String consumer, String key, String message) {
		super(consumer, message, null);
		this.key = key;
	}

	/**
	 * Return the key that was reused for different content.
	 * @return the message key
	 */
	public String getKey() {
		return this.key;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
