package dev.idempotency.core;

/**
 * Chooses how a call completes its claims, once per call: inside the transaction the store
 * joins, after another transaction around the call commits, before the listener container's
 * next acknowledgement, or at once.
 */
final class CompletionStrategies {

	private final TransactionBoundary transactions;

	private final PollScopes deferral;

	private final CompletionStrategy afterCommit;

	private final CompletionStrategy inTransaction;

	CompletionStrategies(TransactionBoundary transactions, PollScopes deferral) {
		this.transactions = transactions;
		this.deferral = deferral;
		this.afterCommit = new AfterCommitCompletion(transactions);
		this.inTransaction = new InTransactionCompletion(transactions);
	}

	CompletionStrategy choose(GateStore store, ConsumerPolicy policy) {
		if (store.joinsTransaction()) {
			return this.inTransaction;
		}
		if (this.transactions.isActive()) {
			return this.afterCommit;
		}
		PollScope pending = (policy.storeWrites() == StoreWrites.PER_POLL) ? this.deferral.current() : null;
		return (pending != null) ? pending.completion() : ImmediateCompletion.INSTANCE;
	}

}
