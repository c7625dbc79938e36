package dev.idempotency.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.store.TransactionalIdempotencyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs a body at most once per record scope: claim the message in the store, run the body, then
 * complete the record, or release it if the body threw so that a redelivery runs it again.
 *
 * <ul>
 * <li>A completed record makes the delivery a {@link Outcome#DUPLICATE}: the body is skipped and
 * the stored result, if any, returned.</li>
 * <li>A record stored for other content (another fingerprint) refuses the delivery as a
 * {@link Outcome#CONFLICT}.</li>
 * <li>A live claim of another delivery is waited for, or skipped, per
 * {@link InProgressPolicy}.</li>
 * <li>A missing key and a failing store are handled per {@link MissingKeyPolicy} and
 * {@link StoreErrorPolicy}: by default the delivery is refused with an exception, never
 * dropped.</li>
 * </ul>
 * With a {@link TransactionalIdempotencyStore} whose transaction is active around the call, the
 * record is written as completed inside that transaction before the body runs, so that it commits
 * or rolls back with the body's own writes; no lease or heartbeat is needed then. With another
 * transaction around the call (see {@link TransactionBoundary}), the record is completed after
 * that transaction commits and released if it rolls back.
 */
public class IdempotencyGate {

	private static final Log logger = LogFactory.getLog(IdempotencyGate.class);

	private final IdempotencyStore store;

	private final RecordScopes scopes;

	private final InProgressWait inProgressWait;

	private final LeaseHeartbeat heartbeat;

	private final StoredResults results;

	private final IdempotencyListener listener;

	private final StoreRequests requests;

	private final TransactionBoundary transactions;

	private final CompletionRetry completionRetry = new CompletionRetry(Duration.ofMillis(100), Duration.ofSeconds(2));

	/**
	 * Create a gate that completes records as soon as bodies return.
	 * @param store the store of records
	 * @param scopes builds record scopes for the application's group
	 * @param inProgressWait how to wait for a claim held by another delivery
	 * @param heartbeat keeps the claims of running bodies alive
	 * @param results converts results for the store
	 * @param listener observes outcomes and store requests
	 */
	public IdempotencyGate(IdempotencyStore store, RecordScopes scopes, InProgressWait inProgressWait,
			LeaseHeartbeat heartbeat, StoredResults results, IdempotencyListener listener) {
		this(store, scopes, inProgressWait, heartbeat, results, listener, TransactionBoundary.NONE);
	}

	/**
	 * Create a gate.
	 * @param store the store of records
	 * @param scopes builds record scopes for the application's group
	 * @param inProgressWait how to wait for a claim held by another delivery
	 * @param heartbeat keeps the claims of running bodies alive
	 * @param results converts results for the store
	 * @param listener observes outcomes and store requests
	 * @param transactions defers completion to the end of a transaction around the body
	 */
	public IdempotencyGate(IdempotencyStore store, RecordScopes scopes, InProgressWait inProgressWait,
			LeaseHeartbeat heartbeat, StoredResults results, IdempotencyListener listener,
			TransactionBoundary transactions) {
		this.store = store;
		this.scopes = scopes;
		this.inProgressWait = inProgressWait;
		this.heartbeat = heartbeat;
		this.results = results;
		this.listener = listener;
		this.requests = new StoreRequests(listener);
		this.transactions = transactions;
	}

	/**
	 * Run {@code body} unless the message identified by {@code key} was processed before; store
	 * no result.
	 * @param <T> the body's result type
	 * @param <E> the body's exception type
	 * @param settings the consumer's settings
	 * @param key the message key
	 * @param body the work to guard
	 * @return what was done
	 * @throws E when the body throws; the claim has been released
	 * @see #execute(Delivery, Body)
	 */
	public <T, E extends Throwable> Execution<T> execute(ConsumerSettings settings, MessageKey key, Body<T, E> body)
			throws E {
		return execute(Delivery.of(settings, key), body);
	}

	/**
	 * Run {@code body} unless the message of {@code delivery} was processed before.
	 * @param <T> the body's result type
	 * @param <E> the body's exception type
	 * @param delivery the consumer, key, fingerprint and result type of the delivery
	 * @param body the work to guard
	 * @return what was done, with the body's result or, for a duplicate, the stored one
	 * @throws E when the body throws; the claim has been released
	 * @throws IdempotencyKeyException when there is no key and missing keys are rejected
	 * @throws IdempotencyStoreException when the store fails and store errors are rejected
	 * @throws IdempotencyInProgressException when another delivery held the claim too long
	 * @throws IdempotencyConflictException when the key was recorded for other content
	 */
	public <T, E extends Throwable> Execution<T> execute(Delivery delivery, Body<T, E> body) throws E {
		ConsumerSettings settings = delivery.settings();
		if (!delivery.key().isPresent()) {
			return runWithoutKey(settings, delivery.key(), body);
		}
		RecordScope scope = this.scopes.scope(settings.consumer(), delivery.key().value());
		boolean transactional = isTransactional();
		ClaimResult claim;
		try {
			claim = claim(scope, delivery, transactional);
		}
		catch (RuntimeException ex) {
			return runAfterStoreError(settings, scope, ex, body);
		}
		if (claim.conflictsWith(delivery.fingerprint())) {
			throw conflict(settings, scope);
		}
		return switch (claim.status()) {
			case ACQUIRED -> runClaimed(delivery, scope, new OwnedClaim(scope, Objects.requireNonNull(claim.token())),
					transactional, body);
			case DUPLICATE -> duplicate(delivery, scope, claim.result());
			case IN_PROGRESS -> inProgress(settings, scope);
		};
	}

	/**
	 * Run {@code body} for the elements of a batch that were not processed before: claim them all
	 * in one round trip, call the body with the fresh ones, then complete or release them all in
	 * one round trip. When every element is a duplicate the body is not called.
	 * @param <E> the body's exception type
	 * @param settings the consumer's settings
	 * @param keys the key of each element; an element without a key runs without the gate, so
	 * with {@code on-missing-key: reject} split the batch before a keyless element instead
	 * @param body the work to guard
	 * @return what was done with each element
	 * @throws E when the body throws; the claims of the elements from the failed one on have been
	 * released, those before it completed
	 * @throws IdempotencyStoreException when the store fails and store errors are rejected
	 * @throws IdempotencyInProgressException when another delivery held an element's claim too long
	 */
	public <E extends Throwable> BatchExecution executeAll(ConsumerSettings settings, List<MessageKey> keys,
			BatchBody<E> body) throws E {
		List<@Nullable RecordScope> batch = new ArrayList<>(keys.size());
		for (MessageKey key : keys) {
			batch.add(key.isPresent() ? this.scopes.scope(settings.consumer(), Objects.requireNonNull(key.value())) : null);
		}
		if (batch.contains(null)) {
			logger.warn("Messages without an idempotency key in a batch of " + settings.consumer()
					+ "; processing them without the gate (idempotency.on-missing-key=process)");
		}
		return new BatchRun(this.store, this.requests, this.inProgressWait, this.heartbeat, this.listener,
				this.transactions, settings, batch)
			.execute(body);
	}

	private boolean isTransactional() {
		return this.store instanceof TransactionalIdempotencyStore transactional && transactional.isTransactionActive();
	}

	private ClaimResult claim(RecordScope scope, Delivery delivery, boolean transactional) {
		ClaimResult claim = claimOnce(scope, delivery, transactional);
		if (claim.status() != ClaimResult.Status.IN_PROGRESS
				|| delivery.settings().onInProgress() == InProgressPolicy.SKIP
				|| claim.conflictsWith(delivery.fingerprint())) {
			return claim;
		}
		return this.inProgressWait.await(delivery.settings().lease(),
				() -> claimOnce(scope, delivery, transactional));
	}

	private ClaimResult claimOnce(RecordScope scope, Delivery delivery, boolean transactional) {
		ConsumerSettings settings = delivery.settings();
		return this.requests.timed(StoreOperation.CLAIM, () -> transactional
				? ((TransactionalIdempotencyStore) this.store).claimCompleted(scope, settings.ttl(), delivery.fingerprint())
				: this.store.claim(scope, settings.lease(), delivery.fingerprint()));
	}

	private <T, E extends Throwable> Execution<T> runClaimed(Delivery delivery, RecordScope scope, OwnedClaim claim,
			boolean transactional, Body<T, E> body) throws E {
		T value;
		try (LeaseHeartbeat.Beat beat = transactional ? null : startHeartbeat(claim, delivery)) {
			value = body.run();
		}
		catch (Throwable ex) {
			release(claim);
			this.listener.onOutcome(delivery.settings().consumer(), Outcome.FAILED);
			throw ex;
		}
		String result = (delivery.resultType() != null) ? this.results.write(scope, value) : null;
		ConsumerSettings settings = delivery.settings();
		if (transactional && result == null) {
			this.listener.onOutcome(settings.consumer(), Outcome.PROCESSED);
			return new Execution<>(Outcome.PROCESSED, value);
		}
		if (!transactional && this.transactions.defer(() -> completeAndReport(settings, claim, result),
				() -> releaseAfterRollback(settings, claim))) {
			return new Execution<>(Outcome.PROCESSED, value);
		}
		Outcome outcome = complete(settings, claim, result);
		this.listener.onOutcome(settings.consumer(), outcome);
		return new Execution<>(outcome, value);
	}

	private void completeAndReport(ConsumerSettings settings, OwnedClaim claim, @Nullable String result) {
		this.listener.onOutcome(settings.consumer(), complete(settings, claim, result));
	}

	private void releaseAfterRollback(ConsumerSettings settings, OwnedClaim claim) {
		release(claim);
		this.listener.onOutcome(settings.consumer(), Outcome.FAILED);
	}

	private LeaseHeartbeat.Beat startHeartbeat(OwnedClaim claim, Delivery delivery) {
		return this.heartbeat.start(claim.scope(), () -> this.requests.timed(StoreOperation.EXTEND,
				() -> this.store.extend(claim.scope(), claim.token(), delivery.settings().lease())),
				delivery.settings().lease());
	}

	private Outcome complete(ConsumerSettings settings, OwnedClaim claim, @Nullable String result) {
		RecordScope scope = claim.scope();
		try {
			CompletionRetry.Answer answer = this.completionRetry.call(settings.lease(), () -> this.requests
				.timed(StoreOperation.COMPLETE, () -> this.store.complete(scope, claim.token(), settings.ttl(), result)));
			if (answer.completed() || (answer.retried() && isCompleted(scope))) {
				return Outcome.PROCESSED;
			}
			logger.warn("Message " + scope.key() + " was processed by " + scope.consumer() + " after its lease of "
					+ settings.lease() + " was lost; another delivery may run it again. Raise the lease of this "
					+ "consumer above the longest run of its listener.");
			return Outcome.LEASE_LOST;
		}
		catch (RuntimeException ex) {
			logger.warn("Message " + scope.key() + " was processed by " + scope.consumer() + " but the "
					+ "idempotency store (" + this.store.description() + ") failed to record it as completed: "
					+ StoreRequests.reason(ex) + ". A redelivery after the lease of " + settings.lease()
					+ " may run it again.", ex);
			return Outcome.STORE_ERROR;
		}
	}

	/**
	 * Whether a completion whose answer was lost did complete the record.
	 */
	private boolean isCompleted(RecordScope scope) {
		return this.store.find(scope).map((record) -> record.status() == RecordStatus.COMPLETED).orElse(false);
	}

	private void release(OwnedClaim claim) {
		try {
			this.requests.timed(StoreOperation.RELEASE, () -> this.store.release(claim.scope(), claim.token()));
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to release the claim of message " + claim.scope().key() + " for "
					+ claim.scope().consumer() + " after its listener failed; a redelivery runs it once the lease "
					+ "lapses: " + StoreRequests.reason(ex), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private <T> Execution<T> duplicate(Delivery delivery, RecordScope scope, @Nullable String result) {
		if (logger.isDebugEnabled()) {
			logger.debug("Message " + scope.key() + " already processed by " + scope.consumer() + "; skipped");
		}
		this.listener.onOutcome(scope.consumer(), Outcome.DUPLICATE);
		return new Execution<>(Outcome.DUPLICATE, (T) this.results.read(scope, result, delivery.resultType()));
	}

	private IdempotencyConflictException conflict(ConsumerSettings settings, RecordScope scope) {
		this.listener.onOutcome(settings.consumer(), Outcome.CONFLICT);
		String message = "Message " + scope.key() + " of " + settings.consumer() + " has the key of a recorded "
				+ "message but different content (another fingerprint); it was not processed. Give distinct messages "
				+ "distinct keys, or delete the record through the idempotency endpoint to process it.";
		logger.warn(message);
		return new IdempotencyConflictException(settings.consumer(), scope.key(), message);
	}

	private <T> Execution<T> inProgress(ConsumerSettings settings, RecordScope scope) {
		this.listener.onOutcome(settings.consumer(), Outcome.IN_PROGRESS);
		if (settings.onInProgress() == InProgressPolicy.SKIP) {
			logger.warn("Message " + scope.key() + " is in progress in another delivery of " + settings.consumer()
					+ "; skipped (idempotency.on-in-progress=skip)");
			return new Execution<>(Outcome.IN_PROGRESS, null);
		}
		throw new IdempotencyInProgressException(settings.consumer(), scope.key(),
				"Message " + scope.key() + " is still in progress in another delivery of " + settings.consumer()
						+ " after waiting for its lease of " + settings.lease()
						+ "; the message is handed back to be delivered again.");
	}

	private <T, E extends Throwable> Execution<T> runWithoutKey(ConsumerSettings settings, MessageKey key,
			Body<T, E> body) throws E {
		String consumer = settings.consumer();
		this.listener.onOutcome(consumer, Outcome.KEY_MISSING);
		if (settings.onMissingKey() == MissingKeyPolicy.REJECT) {
			throw new IdempotencyKeyException(consumer, "No idempotency key for a message of " + consumer + ": "
					+ key.describeAbsence() + ". Give every message a key, or set idempotency.on-missing-key=process "
					+ "to run keyless messages without the gate.", key.failure());
		}
		logger.warn("No idempotency key for a message of " + consumer + " (" + key.describeAbsence()
				+ "); processing it without the gate (idempotency.on-missing-key=process)");
		return new Execution<>(Outcome.KEY_MISSING, body.run());
	}

	private <T, E extends Throwable> Execution<T> runAfterStoreError(ConsumerSettings settings, RecordScope scope,
			RuntimeException ex, Body<T, E> body) throws E {
		String consumer = settings.consumer();
		this.listener.onOutcome(consumer, Outcome.STORE_ERROR);
		String failure = "The idempotency store (" + this.store.description() + ") failed to claim message " + scope.key()
				+ " for " + consumer + ": " + StoreRequests.reason(ex);
		if (settings.onStoreError() == StoreErrorPolicy.REJECT) {
			throw new IdempotencyStoreException(consumer, failure + ". The message was not processed and will be "
					+ "delivered again; set idempotency.on-store-error=process to run listeners without the gate "
					+ "while the store is unavailable.", ex);
		}
		logger.warn(failure + "; processing it without the gate (idempotency.on-store-error=process)", ex);
		return new Execution<>(Outcome.STORE_ERROR, body.run());
	}

}
