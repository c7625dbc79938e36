package dev.idempotency.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.store.OwnedClaim;

/**
 * The completions that the deliveries run by one listener container thread wait with until the
 * container acknowledges them (see {@link CompletionDeferral}). Only that thread adds and
 * flushes them.
 */
public final class PendingCompletions {

	private final Thread owner;

	private final List<Pending> pending = new ArrayList<>();

	/**
	 * Create the pending completions of the calling thread.
	 */
	public PendingCompletions() {
		this.owner = Thread.currentThread();
	}

	/**
	 * Whether the calling thread is the one these completions belong to.
	 * @return {@code true} on the owner thread
	 */
	boolean isOwnerThread() {
		return Thread.currentThread() == this.owner;
	}

	void add(ClaimEnding ending, List<Integer> done) {
		this.pending.add(new Pending(ending, done));
	}

	/**
	 * Whether no completion is pending.
	 * @return {@code true} if there is nothing to flush
	 */
	public boolean isEmpty() {
		return this.pending.isEmpty();
	}

	/**
	 * Complete every pending record, in one request per store and time to live. Call it before
	 * acknowledging the deliveries that ran on this thread.
	 * @throws IdempotencyStoreException if the store failed; the completions stay pending, their
	 * leases kept alive, and the next flush sends them again
	 */
	public void flush() {
		while (!this.pending.isEmpty()) {
			List<Pending> batch = nextBatch();
			List<OwnedClaim> claims = new ArrayList<>();
			batch.forEach((completion) -> claims.addAll(completion.ending().claims(completion.done())));
			ConsumerPolicy policy = batch.get(0).ending().policy();
			List<Boolean> completed;
			try {
				completed = batch.get(0).ending().store().complete(claims, policy.ttl(), policy.lease(), null);
			}
			catch (RuntimeException ex) {
				throw new IdempotencyStoreException(policy.consumer(), GateMessages.pendingCompletionsFailed(claims.size(),
						batch.get(0).ending().store().description(), ex), ex);
			}
			this.pending.removeAll(batch);
			int from = 0;
			for (Pending completion : batch) {
				int to = from + completion.done().size();
				completion.ending().completed(completion.done(), completed.subList(from, to));
				from = to;
			}
		}
	}

	/**
	 * Return the pending completions that one request completes: those of the first's store, time
	 * to live and lease.
	 */
	private List<Pending> nextBatch() {
		ClaimEnding first = this.pending.get(0).ending();
		List<Pending> batch = new ArrayList<>(this.pending.size());
		for (Pending completion : this.pending) {
			ClaimEnding ending = completion.ending();
			if (ending.store() == first.store() && ending.policy().ttl().equals(first.policy().ttl())
					&& ending.policy().lease().equals(first.policy().lease())) {
				batch.add(completion);
			}
		}
		return batch;
	}

	private record Pending(ClaimEnding ending, List<Integer> done) {

	}

}
