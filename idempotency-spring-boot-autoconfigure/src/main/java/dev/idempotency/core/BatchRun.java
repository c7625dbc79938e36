package dev.idempotency.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One batch through the gate: claims every element in one round trip, runs the body for the
 * fresh ones, then completes or releases them in one round trip each. A key that occurs twice in
 * the batch is claimed once; its later copies are duplicates of the first. Elements without a key
 * (only passed in with {@code on-missing-key: process}) run without the gate.
 */
final class BatchRun {

	private static final Log logger = LogFactory.getLog(IdempotencyGate.class);

	private final IdempotencyStore store;

	private final StoreRequests requests;

	private final InProgressWait inProgressWait;

	private final LeaseHeartbeat heartbeat;

	private final IdempotencyListener listener;

	private final TransactionBoundary transactions;

	private final ConsumerSettings settings;

	private final List<@Nullable RecordScope> scopes;

	private final boolean[] ungated;

	private final Outcome[] outcomes;

	private final @Nullable String[] tokens;

	private final List<OwnedClaim> owned = new CopyOnWriteArrayList<>();

	BatchRun(IdempotencyStore store, StoreRequests requests, InProgressWait inProgressWait, LeaseHeartbeat heartbeat,
			IdempotencyListener listener, TransactionBoundary transactions, ConsumerSettings settings,
			List<@Nullable RecordScope> scopes) {
		this.store = store;
		this.requests = requests;
		this.inProgressWait = inProgressWait;
		this.heartbeat = heartbeat;
		this.listener = listener;
		this.transactions = transactions;
		this.settings = settings;
		this.scopes = scopes;
		this.ungated = new boolean[scopes.size()];
		this.outcomes = new Outcome[scopes.size()];
		this.tokens = new String[scopes.size()];
	}

	<E extends Throwable> BatchExecution execute(BatchBody<E> body) throws E {
		if (this.scopes.isEmpty()) {
			return new BatchExecution(List.of(), List.of());
		}
		Map<RecordScope, Integer> firstCopies = new HashMap<>();
		List<Integer> claimed = new ArrayList<>();
		for (int i = 0; i < this.scopes.size(); i++) {
			RecordScope scope = this.scopes.get(i);
			if (scope == null) {
				this.ungated[i] = true;
				this.outcomes[i] = Outcome.KEY_MISSING;
			}
			else if (firstCopies.putIfAbsent(scope, i) == null) {
				claimed.add(i);
			}
			else {
				this.outcomes[i] = Outcome.DUPLICATE;
			}
		}
		List<ClaimResult> claims;
		try {
			claims = this.requests.timed(StoreOperation.CLAIM, () -> this.store
				.claimAll(claimed.stream().map(this::scope).toList(), this.settings.lease()));
		}
		catch (RuntimeException ex) {
			return runAfterStoreError(ex, body);
		}
		List<Integer> pending = new ArrayList<>();
		for (int j = 0; j < claimed.size(); j++) {
			if (!accept(claimed.get(j), claims.get(j))) {
				pending.add(claimed.get(j));
			}
		}
		List<Integer> fresh;
		try (LeaseHeartbeat.Beat beat = claimed.isEmpty() ? null
				: this.heartbeat.start(scope(claimed.get(0)), this::extendAll, this.settings.lease())) {
			awaitInProgress(pending);
			fresh = fresh();
			if (!fresh.isEmpty()) {
				body.run(fresh);
			}
		}
		catch (IdempotencyInProgressException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			fresh = fresh();
			int failed = body.failedElement(ex);
			int completed = (failed >= 0 && failed <= fresh.size()) ? failed : 0;
			complete(gated(fresh.subList(0, completed)));
			release(gated(fresh.subList(completed, fresh.size())), Outcome.FAILED);
			report();
			throw ex;
		}
		List<Integer> done = gated(fresh);
		if (!this.transactions.defer(() -> {
			complete(done);
			report();
		}, () -> {
			release(done, Outcome.FAILED);
			report();
		})) {
			complete(done);
			report();
		}
		return new BatchExecution(fresh, outcomes(done));
	}

	/**
	 * Record a claim's answer; return {@code false} if it is held by another delivery.
	 */
	private boolean accept(int index, ClaimResult claim) {
		switch (claim.status()) {
			case ACQUIRED -> {
				this.tokens[index] = claim.token();
				this.owned.add(new OwnedClaim(scope(index), Objects.requireNonNull(claim.token())));
			}
			case DUPLICATE -> this.outcomes[index] = Outcome.DUPLICATE;
			case IN_PROGRESS -> {
				return false;
			}
		}
		return true;
	}

	private void awaitInProgress(List<Integer> pending) {
		for (int index : pending) {
			RecordScope scope = scope(index);
			if (this.settings.onInProgress() == InProgressPolicy.SKIP) {
				logger.warn("Message " + scope.key() + " is in progress in another delivery of "
						+ this.settings.consumer() + "; skipped (idempotency.on-in-progress=skip)");
				this.outcomes[index] = Outcome.IN_PROGRESS;
				continue;
			}
			ClaimResult claim = this.inProgressWait.await(this.settings.lease(), () -> this.requests
				.timed(StoreOperation.CLAIM, () -> this.store.claim(scope, this.settings.lease())));
			if (!accept(index, claim)) {
				this.outcomes[index] = Outcome.IN_PROGRESS;
				release(gated(fresh()), null);
				report();
				throw new IdempotencyInProgressException(this.settings.consumer(), scope.key(), "Message "
						+ scope.key() + " of a batch is still in progress in another delivery of "
						+ this.settings.consumer() + " after waiting for its lease of " + this.settings.lease()
						+ "; the batch is handed back to be delivered again.");
			}
		}
	}

	private List<Integer> fresh() {
		List<Integer> fresh = new ArrayList<>();
		for (int i = 0; i < this.tokens.length; i++) {
			if (this.ungated[i] || (this.tokens[i] != null && this.outcomes[i] == null)) {
				fresh.add(i);
			}
		}
		return fresh;
	}

	private boolean extendAll() {
		boolean held = this.owned.isEmpty();
		for (OwnedClaim claim : this.owned) {
			held |= this.requests.timed(StoreOperation.EXTEND,
					() -> this.store.extend(claim.scope(), claim.token(), this.settings.lease()));
		}
		return held;
	}

	private void complete(List<Integer> elements) {
		if (elements.isEmpty()) {
			return;
		}
		try {
			List<Boolean> completed = this.requests.timed(StoreOperation.COMPLETE,
					() -> this.store.completeAll(claims(elements), this.settings.ttl()));
			for (int i = 0; i < elements.size(); i++) {
				int index = elements.get(i);
				this.outcomes[index] = completed.get(i) ? Outcome.PROCESSED : Outcome.LEASE_LOST;
				if (!completed.get(i)) {
					logger.warn("Message " + scope(index).key() + " was processed by "
							+ this.settings.consumer() + " after its lease of " + this.settings.lease()
							+ " was lost; another delivery may run it again. Raise the lease of this consumer "
							+ "above the longest run of its listener.");
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn(elements.size() + " messages of a batch were processed by " + this.settings.consumer()
					+ " but the idempotency store (" + this.store.description() + ") failed to record them as "
					+ "completed: " + StoreRequests.reason(ex) + ". A redelivery after the lease of " + this.settings.lease()
					+ " may run them again.", ex);
			elements.forEach((index) -> this.outcomes[index] = Outcome.STORE_ERROR);
		}
	}

	private void release(List<Integer> elements, @Nullable Outcome outcome) {
		elements.forEach((index) -> this.outcomes[index] = outcome);
		if (elements.isEmpty()) {
			return;
		}
		try {
			this.requests.timed(StoreOperation.RELEASE, () -> this.store.releaseAll(claims(elements)));
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to release the claims of " + elements.size() + " messages of a batch of "
					+ this.settings.consumer() + "; a redelivery runs them once their lease lapses: "
					+ StoreRequests.reason(ex), ex);
		}
	}

	private List<OwnedClaim> claims(List<Integer> elements) {
		return elements.stream()
			.map((index) -> new OwnedClaim(scope(index), Objects.requireNonNull(this.tokens[index])))
			.toList();
	}

	private List<Integer> gated(List<Integer> elements) {
		return elements.stream().filter((index) -> !this.ungated[index]).toList();
	}

	private RecordScope scope(int index) {
		return Objects.requireNonNull(this.scopes.get(index));
	}

	private <E extends Throwable> BatchExecution runAfterStoreError(RuntimeException ex, BatchBody<E> body) throws E {
		Arrays.fill(this.outcomes, Outcome.STORE_ERROR);
		report();
		String failure = "The idempotency store (" + this.store.description() + ") failed to claim a batch of "
				+ this.scopes.size() + " messages for " + this.settings.consumer() + ": " + StoreRequests.reason(ex);
		if (this.settings.onStoreError() == StoreErrorPolicy.REJECT) {
			throw new IdempotencyStoreException(this.settings.consumer(), failure + ". The batch was not processed "
					+ "and will be delivered again; set idempotency.on-store-error=process to run listeners without "
					+ "the gate while the store is unavailable.", ex);
		}
		logger.warn(failure + "; processing it without the gate (idempotency.on-store-error=process)", ex);
		List<Integer> all = IntStream.range(0, this.scopes.size()).boxed().toList();
		body.run(all);
		return new BatchExecution(all, List.of(this.outcomes));
	}

	/**
	 * Return the outcomes, those of {@code done} as processed if their completion is deferred.
	 */
	private List<Outcome> outcomes(List<Integer> done) {
		Outcome[] outcomes = this.outcomes.clone();
		done.forEach((index) -> outcomes[index] = (outcomes[index] != null) ? outcomes[index] : Outcome.PROCESSED);
		return List.of(outcomes);
	}

	private void report() {
		for (Outcome outcome : this.outcomes) {
			if (outcome != null) {
				this.listener.onOutcome(this.settings.consumer(), outcome);
			}
		}
	}

}
