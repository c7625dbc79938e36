package dev.idempotency.core;

import java.util.List;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * Writes records as completed inside the transaction the store joins (the JDBC store on the
 * listener's own {@code DataSource}), one statement per record, so that they commit or roll back
 * with the body's own writes. The transaction's row locks keep concurrent copies out, so there is
 * no lease to keep alive, and no heartbeat ever touches a row that is uncommitted in the
 * listener's transaction. Tokens are never reused: a claim inside a transaction that lost its
 * answer rolls back with it.
 */
final class InTransactionCompletion implements CompletionStrategy {

	private final TransactionBoundary transactions;

	InTransactionCompletion(TransactionBoundary transactions) {
		this.transactions = transactions;
	}

	@Override
	public String token(ClaimTokens tokens, RecordScope scope) {
		return ClaimTokens.random();
	}

	@Override
	public List<ClaimResult> claim(GateStore store, List<OwnedClaim> claims, ConsumerPolicy policy,
			@Nullable String fingerprint) {
		return store.claimCompleted(claims, policy.ttl(), fingerprint);
	}

	@Override
	public boolean keepsLeases() {
		return false;
	}

	@Override
	public void finish(ClaimEnding ending, List<Integer> done, @Nullable String result) {
		if (result != null) {
			ending.storeResult(done.get(0), result);
		}
		if (!this.transactions.defer(() -> ending.settle(done, Outcome.PROCESSED), () -> ending.settle(done, Outcome.FAILED))) {
			ending.settle(done, Outcome.PROCESSED);
		}
	}

}
