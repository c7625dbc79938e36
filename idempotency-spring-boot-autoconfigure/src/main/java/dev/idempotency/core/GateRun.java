package dev.idempotency.core;

import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * One call through the gate, for one message or a batch: claim every element in one request,
 * wait for copies held elsewhere, run the body for the fresh elements, and end their claims
 * through the call's {@link CompletionStrategy}. A key that occurs twice is claimed once; its
 * later copies are duplicates of the first. Each element gets exactly one outcome.
 */
final class GateRun {

	private final GateServices gate;

	private final ConsumerPolicy policy;

	private final CompletionStrategy completion;

	private final GateMessages messages;

	private final RunElements elements;

	private final ClaimEnding ending;

	private final @Nullable String fingerprint;

	private List<Integer> ran = List.of();

	private @Nullable String storedResult;

	GateRun(GateServices gate, ConsumerPolicy policy, CompletionStrategy completion, List<MessageKey> keys,
			RecordScopes scopes, @Nullable String fingerprint, @Nullable Type resultType) {
		this.gate = gate;
		this.policy = policy;
		this.completion = completion;
		this.messages = new GateMessages(policy, gate.store());
		this.elements = new RunElements(keys, scopes, policy.consumer(), gate.listener());
		this.ending = new ClaimEnding(gate, policy, this.messages, this.elements, resultType);
		this.fingerprint = fingerprint;
	}

	<E extends Throwable> @Nullable Object run(GateWork<E> work) throws E {
		try {
			acceptKeys();
			claim(this.elements.claimed());
			keepAlive();
			List<Integer> heldElsewhere = this.elements.heldElsewhere();
			if (!heldElsewhere.isEmpty()) {
				for (int i = 0; i < heldElsewhere.size(); i++) {
					awaitInProgress(heldElsewhere.get(i));
				}
				keepAlive();
			}
		}
		catch (ClaimFailure failure) {
			return afterStoreError(failure.getCause(), work);
		}
		this.ran = this.elements.fresh();
		if (this.ran.isEmpty()) {
			return null;
		}
		Object value;
		try {
			value = work.run(this.ran);
		}
		catch (Throwable ex) {
			int failed = work.failedElement(ex);
			int succeeded = (failed >= 0 && failed <= this.ran.size()) ? failed : 0;
			this.ending.release(this.elements.gated(this.ran.subList(succeeded, this.ran.size())), Outcome.FAILED);
			this.ending.finish(this.completion, this.elements.gated(this.ran.subList(0, succeeded)), null);
			throw ex;
		}
		List<Integer> done = this.elements.gated(this.ran);
		if (value instanceof CompletionStage<?> stage && !done.isEmpty()) {
			return this.ending.whenDone(this.completion, stage, done);
		}
		this.ending.finish(this.completion, done, value);
		return value;
	}

	@Nullable Outcome outcome(int index) {
		return this.elements.outcome(index);
	}

	@Nullable String storedResult() {
		return this.storedResult;
	}

	RecordScope scope(int index) {
		return this.elements.scope(index);
	}

	/**
	 * Return the positions of the elements the body ran for, in order.
	 */
	List<Integer> ran() {
		return this.ran;
	}

	/**
	 * Give every element with a key a token to claim it with, except later copies of a key.
	 */
	private void acceptKeys() {
		rejectMissingKeys();
		@Nullable Map<RecordScope, Integer> firstCopies = this.elements.isBatch() ? new HashMap<>() : null;
		for (int i = 0; i < this.elements.size(); i++) {
			RecordScope scope = this.elements.scopeOrNull(i);
			if (scope == null) {
				this.messages.processingWithoutKey(this.elements.messageKey(i));
				this.elements.settle(i, Outcome.KEY_MISSING);
			}
			else if (firstCopies == null || firstCopies.putIfAbsent(scope, i) == null) {
				this.elements.token(i, this.completion.token(this.gate.tokens(), scope));
			}
			else {
				this.elements.settle(i, Outcome.DUPLICATE);
			}
		}
	}

	/**
	 * Refuse the call for its first element without a key, before anything is claimed, unless
	 * keyless messages run without the gate.
	 */
	private void rejectMissingKeys() {
		if (this.policy.onMissingKey() != MissingKeyPolicy.REJECT) {
			return;
		}
		for (int i = 0; i < this.elements.size(); i++) {
			if (this.elements.scopeOrNull(i) == null) {
				this.gate.listener().onOutcome(this.policy.consumer(), Outcome.KEY_MISSING);
				throw this.messages.missingKey(this.elements.messageKey(i));
			}
		}
	}

	/**
	 * Claim the elements and record the answers; those held by another delivery stay unsettled.
	 */
	private void claim(List<Integer> claimed) {
		if (claimed.isEmpty()) {
			return;
		}
		List<ClaimResult> answers = ClaimFailure.around(() -> this.completion.claim(this.gate.store(),
				this.elements.claims(claimed), this.policy, this.fingerprint));
		this.gate.outages().answered();
		for (int i = 0; i < claimed.size(); i++) {
			accept(claimed.get(i), answers.get(i));
		}
	}

	/**
	 * Record the answer of a claim; return {@code false} if another delivery holds it.
	 */
	private boolean accept(int index, ClaimResult answer) {
		if (answer.conflictsWith(this.fingerprint)) {
			refuse(index, Outcome.CONFLICT);
			throw this.messages.conflict(this.elements.key(index));
		}
		switch (answer.status()) {
			case ACQUIRED -> {
				this.elements.acquired(index);
				this.ending.hold(this.elements.claim(index));
			}
			case DUPLICATE -> {
				this.messages.duplicate(this.elements.key(index));
				this.storedResult = answer.result();
				this.gate.tokens().free(this.elements.claim(index));
				this.elements.settle(index, Outcome.DUPLICATE);
			}
			case IN_PROGRESS -> {
				return false;
			}
		}
		return true;
	}

	private void awaitInProgress(int index) {
		if (this.policy.onInProgress() == InProgressPolicy.SKIP) {
			this.messages.skippedInProgress(this.elements.key(index));
			this.gate.tokens().free(this.elements.claim(index));
			this.elements.settle(index, Outcome.IN_PROGRESS);
			return;
		}
		ClaimFailure.around(() -> {
			this.completion.beforeWaiting();
			return null;
		});
		List<OwnedClaim> claim = List.of(this.elements.claim(index));
		ClaimResult answer = this.gate.inProgressWait().await(this.policy.lease(), () -> ClaimFailure.around(
				() -> this.completion.claim(this.gate.store(), claim, this.policy, this.fingerprint).get(0)));
		if (!accept(index, answer)) {
			refuse(index, Outcome.IN_PROGRESS);
			throw this.messages.stillInProgress(this.elements.key(index), this.elements.isBatch());
		}
	}

	/**
	 * Refuse the call for one element: release the claims taken for the others.
	 */
	private void refuse(int index, Outcome outcome) {
		this.gate.tokens().free(this.elements.claim(index));
		this.ending.release(this.elements.gated(this.elements.fresh()), null);
		this.elements.settle(index, outcome);
	}

	/**
	 * The claim failed in the store: release what it may have taken, then refuse the call or run
	 * it without the gate, per the store-error policy.
	 */
	private <E extends Throwable> @Nullable Object afterStoreError(RuntimeException cause, GateWork<E> work) throws E {
		List<Integer> claimed = this.elements.claimed();
		this.ending.releaseAfterFailure(claimed);
		this.elements.settle(claimed, Outcome.STORE_ERROR);
		IdempotencyStoreException refusal = this.messages.claimFailed(this.elements.subject(claimed),
				this.elements.isBatch(), cause);
		if (refusal != null) {
			this.gate.outages().refused(this.policy.consumer(), StoreRequests.reason(cause));
			throw refusal;
		}
		this.elements.ungateAll();
		this.ran = this.elements.fresh();
		return work.run(this.ran);
	}

	private void keepAlive() {
		if (this.completion.keepsLeases()) {
			this.ending.keepAlive();
		}
	}

}
