package dev.idempotency.core;

import java.util.Locale;

/**
 * The store operations the gate times.
 */
public enum StoreOperation {

	/** {@code claim}: decide whether a delivery may run. */
	CLAIM,

	/** {@code complete}: record a successful run. */
	COMPLETE,

	/** {@code release}: give a claim back after a failed run. */
	RELEASE,

	/** {@code extend}: keep the claim of a running body alive. */
	EXTEND,

	/** {@code cleanup}: delete expired records, for stores that keep them. */
	CLEANUP;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * Return the lower-case name used as a metric tag.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
