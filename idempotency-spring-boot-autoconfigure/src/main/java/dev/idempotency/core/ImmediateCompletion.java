package dev.idempotency.core;

import java.util.List;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * Completes records as soon as their bodies succeed, before the call returns.
 */
class ImmediateCompletion implements CompletionStrategy {

	static final ImmediateCompletion INSTANCE = new ImmediateCompletion();

	@Override
	public String token(ClaimTokens tokens, RecordScope scope) {
		return tokens.take(scope);
	}

	@Override
	public List<ClaimResult> claim(GateStore store, List<OwnedClaim> claims, ConsumerPolicy policy,
			@Nullable String fingerprint) {
		return store.claim(claims, policy.lease(), fingerprint);
	}

	@Override
	public boolean keepsLeases() {
		return true;
	}

	@Override
	public void finish(ClaimEnding ending, List<Integer> done, @Nullable String result) {
		ending.complete(done, result);
	}

}
