package dev.idempotency.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * Claims the records of a listener container's poll ahead, in one request, and completes them
 * when the container flushes its thread's {@link PollScope}, before it acknowledges the
 * deliveries; the leases are kept alive until then. A result to store, or a body that ended on
 * another thread, is completed at once.
 */
final class DeferredCompletion extends ImmediateCompletion {

	private final PollScope poll;

	DeferredCompletion(PollScope poll) {
		this.poll = poll;
	}

	/**
	 * Claim records of messages the thread runs next, in one request, unless claimed ahead
	 * already or held by a delivery of this gate. The answers wait in the poll scope for the
	 * calls that run them; a claim held elsewhere is not kept, its call claims again.
	 */
	void claimAhead(GateServices gate, ConsumerPolicy policy, List<RecordScope> scopes) {
		List<OwnedClaim> claims = new ArrayList<>(scopes.size());
		for (RecordScope scope : new LinkedHashSet<>(scopes)) {
			String token = (this.poll.peekAhead(scope) != null) ? null : gate.tokens().takeOwn(scope);
			if (token != null) {
				claims.add(new OwnedClaim(scope, token));
			}
		}
		if (claims.isEmpty()) {
			return;
		}
		List<ClaimResult> answers;
		try {
			answers = gate.store().claim(claims, policy.lease(), null);
		}
		catch (RuntimeException ex) {
			gate.store().releaseQuietly(claims);
			claims.forEach(gate.tokens()::free);
			return;
		}
		for (int i = 0; i < claims.size(); i++) {
			OwnedClaim claim = claims.get(i);
			ClaimResult answer = answers.get(i);
			if (answer.status() == ClaimResult.Status.ACQUIRED) {
				this.poll.putAhead(new PollScope.ClaimAhead(claim, answer, gate));
				this.poll.keepAheadAlive(gate, claim.scope(), policy);
			}
			else {
				gate.tokens().free(claim);
				if (answer.status() == ClaimResult.Status.DUPLICATE) {
					this.poll.putAhead(new PollScope.ClaimAhead(claim, answer, gate));
				}
			}
		}
	}

	@Override
	public String token(ClaimTokens tokens, RecordScope scope) {
		PollScope.ClaimAhead ahead = this.poll.peekAhead(scope);
		return (ahead != null) ? ahead.claim().token() : tokens.take(scope);
	}

	@Override
	public List<ClaimResult> claim(GateStore store, List<OwnedClaim> claims, ConsumerPolicy policy,
			@Nullable String fingerprint) {
		ClaimResult[] answers = new ClaimResult[claims.size()];
		List<OwnedClaim> unclaimed = new ArrayList<>(claims.size());
		for (int i = 0; i < claims.size(); i++) {
			PollScope.ClaimAhead ahead = (fingerprint == null) ? this.poll.takeAhead(claims.get(i).scope()) : null;
			if (ahead != null && ahead.claim().equals(claims.get(i))) {
				answers[i] = ahead.answer();
			}
			else {
				unclaimed.add(claims.get(i));
			}
		}
		if (!unclaimed.isEmpty()) {
			List<ClaimResult> claimed = super.claim(store, unclaimed, policy, fingerprint);
			for (int i = 0, next = 0; i < answers.length; i++) {
				if (answers[i] == null) {
					answers[i] = claimed.get(next++);
				}
			}
		}
		return Arrays.asList(answers);
	}

	@Override
	public void finish(ClaimEnding ending, List<Integer> done, @Nullable String result) {
		if (result != null || !this.poll.isOwnerThread()) {
			ending.complete(done, result);
			return;
		}
		this.poll.add(ending, done);
	}

	/**
	 * Wait holding nothing another delivery may wait for: send the completions pending on this
	 * thread and release its claims taken ahead, so that two consumers whose polls hold copies of
	 * each other's messages never wait for each other.
	 */
	@Override
	public void beforeWaiting() {
		this.poll.flush();
		this.poll.releaseClaimsAhead();
	}

}
