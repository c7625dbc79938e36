package dev.idempotency.core;

import java.util.List;

/**
 * Ties the end of a claim to a transaction on the calling thread, such as a Kafka transaction
 * around a consume-process-produce listener or a transaction on another database: the record is
 * completed only once that transaction has committed, and released if it rolled back, so that a
 * rolled-back delivery runs again instead of being skipped as a duplicate.
 */
public interface TransactionBoundary {

	/** No transactions: records are completed as soon as the body returns. */
	TransactionBoundary NONE = new TransactionBoundary() {

		@Override
		public boolean isActive() {
			return false;
		}

		@Override
		public boolean defer(Runnable onCommit, Runnable onRollback) {
			return false;
		}

	};

	/**
	 * Whether a transaction is active on the calling thread, so that {@link #defer} would defer.
	 * @return {@code true} inside a transaction
	 */
	boolean isActive();

	/**
	 * Defer the end of a claim to the end of the transaction active on the calling thread, if
	 * there is one.
	 * @param onCommit what to do once the transaction committed
	 * @param onRollback what to do once it rolled back (or its outcome is unknown)
	 * @return {@code true} if deferred, {@code false} if there is no transaction and the caller
	 * must end the claim now
	 */
	boolean defer(Runnable onCommit, Runnable onRollback);

	/**
	 * Return a boundary over several kinds of transaction: active if any is, deferring to the
	 * first, in order, that is active on the calling thread. Put the innermost kind first, such
	 * as a database transaction that a listener opens inside its container's Kafka transaction.
	 * @param boundaries the boundaries, innermost first
	 * @return the composite boundary
	 */
	static TransactionBoundary composite(List<? extends TransactionBoundary> boundaries) {
		if (boundaries.isEmpty()) {
			return NONE;
		}
		if (boundaries.size() == 1) {
			return boundaries.get(0);
		}
		List<TransactionBoundary> all = List.copyOf(boundaries);
		return new TransactionBoundary() {

			@Override
			public boolean isActive() {
				return all.stream().anyMatch(TransactionBoundary::isActive);
			}

			@Override
			public boolean defer(Runnable onCommit, Runnable onRollback) {
				return all.stream().anyMatch((boundary) -> boundary.defer(onCommit, onRollback));
			}

		};
	}

}
