package dev.idempotency.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * What the deliveries of one listener container thread share between two acknowledgements (see
 * {@link PollScopes}): the claims taken ahead for the records of a poll that have not run yet,
 * and the completions of the records that have, which wait for the flush before the container
 * acknowledges them. Only the owner thread uses it.
 */
public final class PollScope {

	private final Thread owner;

	private final List<Pending> pending = new ArrayList<>();

	private final Map<RecordScope, ClaimAhead> ahead = new HashMap<>();

	private final DeferredCompletion completion = new DeferredCompletion(this);

	private LeaseHeartbeat.@Nullable Beat aheadBeat;

	/**
	 * Create the poll scope of the calling thread.
	 */
	public PollScope() {
		this.owner = Thread.currentThread();
	}

	/**
	 * Return the completion strategy of the calls this poll scope's thread runs.
	 */
	DeferredCompletion completion() {
		return this.completion;
	}

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
	 * Complete every pending record, in one request per store, time to live and lease. Call it
	 * before acknowledging the deliveries that ran on this thread.
	 * @throws IdempotencyStoreException if the store failed; the completions stay pending, their
	 * leases kept alive, and the next flush sends them again
	 */
	public void flush() {
		while (!this.pending.isEmpty()) {
			List<Pending> batch = nextBatch();
			List<OwnedClaim> claims = new ArrayList<>();
			batch.forEach((completion) -> claims.addAll(completion.ending().claims(completion.done())));
			ClaimEnding first = batch.get(0).ending();
			List<Boolean> completed;
			try {
				completed = first.store().complete(claims, first.policy().ttl(), first.policy().lease(), null);
			}
			catch (RuntimeException ex) {
				throw new IdempotencyStoreException(first.policy().consumer(),
						GateMessages.pendingCompletionsFailed(claims.size(), first.store().description(), ex), ex);
			}
			this.pending.removeIf((completion) -> sameRequest(first, completion.ending()));
			int from = 0;
			for (Pending completion : batch) {
				int to = from + completion.done().size();
				completion.ending().completed(completion.done(), completed.subList(from, to));
				from = to;
			}
		}
	}

	/**
	 * End the poll: release the claims taken ahead for records that did not run, such as those
	 * after a record whose failure made the container seek back, or of a container that stopped.
	 * Their next delivery claims them again.
	 */
	public void releaseClaimsAhead() {
		if (this.ahead.isEmpty()) {
			return;
		}
		List<ClaimAhead> unused;
		synchronized (this.ahead) {
			unused = List.copyOf(this.ahead.values());
			this.ahead.clear();
		}
		stopAheadBeat();
		List<OwnedClaim> held = new ArrayList<>();
		GateServices gate = unused.get(0).gate();
		for (ClaimAhead claim : unused) {
			if (claim.answer().status() == ClaimResult.Status.ACQUIRED) {
				held.add(claim.claim());
			}
		}
		if (!held.isEmpty()) {
			gate.store().releaseQuietly(held);
			held.forEach(gate.tokens()::free);
		}
	}

	void putAhead(ClaimAhead claim) {
		synchronized (this.ahead) {
			this.ahead.put(claim.claim().scope(), claim);
		}
	}

	@Nullable ClaimAhead peekAhead(RecordScope scope) {
		synchronized (this.ahead) {
			return this.ahead.get(scope);
		}
	}

	@Nullable ClaimAhead takeAhead(RecordScope scope) {
		ClaimAhead claim;
		boolean none;
		synchronized (this.ahead) {
			claim = this.ahead.remove(scope);
			none = this.ahead.isEmpty();
		}
		if (none) {
			stopAheadBeat();
		}
		return claim;
	}

	void keepAheadAlive(GateServices gate, RecordScope first, ConsumerPolicy policy) {
		if (this.aheadBeat == null) {
			this.aheadBeat = gate.heartbeat().start(first, () -> gate.store().extend(acquiredAhead(), policy.lease()),
					policy.lease());
		}
	}

	private List<OwnedClaim> acquiredAhead() {
		List<OwnedClaim> held = new ArrayList<>();
		synchronized (this.ahead) {
			for (ClaimAhead claim : this.ahead.values()) {
				if (claim.answer().status() == ClaimResult.Status.ACQUIRED) {
					held.add(claim.claim());
				}
			}
		}
		return held;
	}

	private void stopAheadBeat() {
		LeaseHeartbeat.Beat beat = this.aheadBeat;
		if (beat != null) {
			beat.close();
			this.aheadBeat = null;
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
			if (sameRequest(first, completion.ending())) {
				batch.add(completion);
			}
		}
		return batch;
	}

	private static boolean sameRequest(ClaimEnding first, ClaimEnding ending) {
		return ending.store() == first.store() && ending.policy().ttl().equals(first.policy().ttl())
				&& ending.policy().lease().equals(first.policy().lease());
	}

	private record Pending(ClaimEnding ending, List<Integer> done) {

	}

	/**
	 * A claim taken ahead of its record's delivery, with the store's answer.
	 */
	record ClaimAhead(OwnedClaim claim, ClaimResult answer, GateServices gate) {

	}

}
