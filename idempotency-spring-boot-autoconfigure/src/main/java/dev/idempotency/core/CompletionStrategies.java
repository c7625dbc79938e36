package dev.idempotency.core;

/**
 * Chooses how a call completes its claims, once per call: inside the transaction the store
 * joins, after another transaction around the call commits, or at once.
 */
final class CompletionStrategies {

	private final TransactionBoundary transactions;

	private final CompletionStrategy afterCommit;

	private final CompletionStrategy inTransaction;

	CompletionStrategies(TransactionBoundary transactions) {
		this.transactions = transactions;
		this.afterCommit = new AfterCommitCompletion(transactions);
		this.inTransaction = new InTransactionCompletion(transactions);
	}

	CompletionStrategy choose(GateStore store) {
		if (store.joinsTransaction()) {
			return this.inTransaction;
		}
		return this.transactions.isActive() ? this.afterCommit : ImmediateCompletion.INSTANCE;
	}

}
