package dev.idempotency.store;

/**
 * The state of an idempotency record.
 */
public enum RecordStatus {

	/** A delivery claimed the message and its body runs, guarded by an owner token and a lease. */
	IN_PROGRESS,

	/** The body completed; later deliveries are duplicates until the record expires. */
	COMPLETED

}
