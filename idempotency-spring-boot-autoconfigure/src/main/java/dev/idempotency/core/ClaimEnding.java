package dev.idempotency.core;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import dev.idempotency.store.OwnedClaim;
import org.jspecify.annotations.Nullable;

/**
 * Ends the claims of one call: completes or releases them in one request, reports their
 * outcomes, and keeps their leases alive until every one has ended, however long the
 * {@link CompletionStrategy} defers that (to a transaction's end, to an asynchronous result).
 */
final class ClaimEnding {

	private final GateServices gate;

	private final ConsumerPolicy policy;

	private final GateMessages messages;

	private final RunElements elements;

	private final @Nullable Type resultType;

	/** The claims held, guarded by itself: the heartbeat and an asynchronous ending read it too. */
	private final List<OwnedClaim> live = new ArrayList<>(1);

	private volatile LeaseHeartbeat.@Nullable Beat beat;

	ClaimEnding(GateServices gate, ConsumerPolicy policy, GateMessages messages, RunElements elements,
			@Nullable Type resultType) {
		this.gate = gate;
		this.policy = policy;
		this.messages = messages;
		this.elements = elements;
		this.resultType = resultType;
	}

	/**
	 * Hold an acquired claim until it ends.
	 */
	void hold(OwnedClaim claim) {
		synchronized (this.live) {
			this.live.add(claim);
		}
	}

	/**
	 * Keep the held claims alive until they end.
	 */
	void keepAlive() {
		OwnedClaim first;
		synchronized (this.live) {
			first = (this.beat == null && !this.live.isEmpty()) ? this.live.get(0) : null;
		}
		if (first != null) {
			this.beat = this.gate.heartbeat().start(first.scope(),
					() -> this.gate.store().extend(held(), this.policy.lease()), this.policy.lease());
		}
	}

	private List<OwnedClaim> held() {
		synchronized (this.live) {
			return List.copyOf(this.live);
		}
	}

	void complete(List<Integer> done, @Nullable String result) {
		List<OwnedClaim> claims = this.elements.claims(done);
		List<Boolean> completed;
		try {
			completed = this.gate.store().complete(claims, this.policy.ttl(), this.policy.lease(), result);
		}
		catch (RuntimeException ex) {
			this.messages.completionFailed(this.elements.subject(done), done, ex);
			this.elements.settle(done, Outcome.STORE_ERROR);
			end(claims);
			return;
		}
		completed(done, completed, claims);
	}

	/**
	 * Settle elements whose completion the store answered, and end their claims.
	 * @param completed for each element, whether its record is completed
	 */
	void completed(List<Integer> done, List<Boolean> completed) {
		completed(done, completed, this.elements.claims(done));
	}

	private void completed(List<Integer> done, List<Boolean> completed, List<OwnedClaim> claims) {
		for (int i = 0; i < done.size(); i++) {
			if (!completed.get(i)) {
				this.messages.leaseLost(this.elements.key(done.get(i)));
			}
			this.elements.settle(done.get(i), completed.get(i) ? Outcome.PROCESSED : Outcome.LEASE_LOST);
		}
		end(claims);
	}

	List<OwnedClaim> claims(List<Integer> elements) {
		return this.elements.claims(elements);
	}

	GateStore store() {
		return this.gate.store();
	}

	ConsumerPolicy policy() {
		return this.policy;
	}

	void release(List<Integer> ended, @Nullable Outcome outcome) {
		if (ended.isEmpty()) {
			return;
		}
		List<OwnedClaim> claims = this.elements.claims(ended);
		try {
			this.gate.store().release(claims);
		}
		catch (RuntimeException ex) {
			this.messages.releaseFailed(this.elements.subject(ended), ended, ex);
		}
		this.elements.settle(ended, outcome);
		end(claims);
	}

	/**
	 * Release what a failed claim request may have taken, quietly: the store has just failed.
	 */
	void releaseAfterFailure(List<Integer> claimed) {
		List<OwnedClaim> claims = this.elements.claims(claimed);
		this.gate.store().releaseQuietly(claims);
		end(claims);
	}

	/**
	 * Store the result of a claim made inside a transaction, in that transaction.
	 */
	void storeResult(int index, String result) {
		this.gate.store().storeResult(this.elements.claim(index), this.policy.ttl(), result);
	}

	void settle(List<Integer> done, Outcome outcome) {
		this.elements.settle(done, outcome);
	}

	/**
	 * End the claims of elements whose body succeeded with {@code value}, through the strategy.
	 */
	void finish(CompletionStrategy completion, List<Integer> done, @Nullable Object value) {
		if (!done.isEmpty()) {
			completion.finish(this, done,
					(this.resultType != null) ? this.gate.results().write(this.elements.scope(done.get(0)), value) : null);
		}
	}

	/**
	 * Return a stage that ends as {@code stage} does, once the claims of {@code done} have ended
	 * with it.
	 */
	CompletableFuture<@Nullable Object> whenDone(CompletionStrategy completion, CompletionStage<?> stage,
			List<Integer> done) {
		CompletableFuture<@Nullable Object> ended = new CompletableFuture<>();
		stage.whenComplete((value, failure) -> {
			if (failure != null) {
				release(done, Outcome.FAILED);
				ended.completeExceptionally((failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure);
				return;
			}
			try {
				finish(completion, done, value);
				ended.complete(value);
			}
			catch (RuntimeException ex) {
				ended.completeExceptionally(ex);
			}
		});
		return ended;
	}

	private void end(List<OwnedClaim> claims) {
		boolean none;
		synchronized (this.live) {
			if (claims.size() == 1) {
				this.live.remove(claims.get(0));
			}
			else {
				// one pass: removeAll would compare every live claim with every ended one
				Set<OwnedClaim> ended = new HashSet<>(claims);
				this.live.removeIf(ended::contains);
			}
			none = this.live.isEmpty();
		}
		for (int i = 0; i < claims.size(); i++) {
			this.gate.tokens().free(claims.get(i));
		}
		LeaseHeartbeat.Beat running = this.beat;
		if (running != null && none) {
			running.close();
		}
	}

}
