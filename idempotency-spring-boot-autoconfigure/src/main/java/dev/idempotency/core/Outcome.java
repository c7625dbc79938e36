package dev.idempotency.core;

import java.util.Locale;

/**
 * How the gate ended one delivery. Each delivery has exactly one outcome.
 */
public enum Outcome {

	/** The body ran and the record was completed. */
	PROCESSED,

	/** A completed record exists: the body was skipped. */
	DUPLICATE,

	/** Another delivery holds a live claim: the body was skipped or the delivery handed back. */
	IN_PROGRESS,

	/** The body threw: the claim was released and the exception rethrown. */
	FAILED,

	/** No key could be resolved: the delivery was rejected, or processed without the gate. */
	KEY_MISSING,

	/** The store failed: the delivery was rejected, or processed without the gate. */
	STORE_ERROR,

	/** The body ran, but its claim had lapsed or been taken over before completion. */
	LEASE_LOST,

	/** A record of the same key was stored for different content: the delivery was refused. */
	CONFLICT;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * Return the lower-case name used as a metric tag and in logs, such as {@code "lease_lost"}.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
