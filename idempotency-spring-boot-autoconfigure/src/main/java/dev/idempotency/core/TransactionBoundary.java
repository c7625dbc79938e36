package dev.idempotency.core;

/**
 * Ties the completion of a record to a transaction the record cannot join, such as a Kafka
 * transaction around a consume-process-produce listener or a transaction on another database: the
 * record is completed only once that transaction has committed, and released if it rolled back,
 * so that a rolled-back delivery runs again instead of being skipped as a duplicate.
 */
public interface TransactionBoundary {

	/** No transactions: records are completed as soon as the body returns. */
	TransactionBoundary NONE = (onCommit, onRollback) -> false;

	/**
	 * Defer the end of a claim to the end of the transaction active on the calling thread, if
	 * there is one.
	 * @param onCommit what to do once the transaction committed
	 * @param onRollback what to do once it rolled back (or its outcome is unknown)
	 * @return {@code true} if deferred, {@code false} if there is no transaction and the caller
	 * must end the claim now
	 */
	boolean defer(Runnable onCommit, Runnable onRollback);

}
