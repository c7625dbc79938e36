package dev.idempotency.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Completes records once the transaction around the call commits, and releases them if it rolls
 * back: for a transaction the store does not join, such as a Kafka transaction, JPA on another
 * {@code DataSource}, or the Redis store inside a JDBC transaction. The leases are kept alive
 * until then. Without a transaction at the end (an asynchronous body that completed on another
 * thread) records are completed at once.
 */
final class AfterCommitCompletion extends ImmediateCompletion {

	private final TransactionBoundary transactions;

	AfterCommitCompletion(TransactionBoundary transactions) {
		this.transactions = transactions;
	}

	@Override
	public void finish(ClaimEnding ending, List<Integer> done, @Nullable String result) {
		if (!this.transactions.defer(() -> ending.complete(done, result), () -> ending.release(done, Outcome.FAILED))) {
			ending.complete(done, result);
		}
	}

}
