package dev.idempotency.core;

import java.util.Objects;
import java.util.function.Supplier;

import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs a body at most once per record scope: claim the message in the store, run the body, then
 * complete the record, or release it if the body threw so that a redelivery runs it again.
 *
 * <ul>
 * <li>A completed record makes the delivery a {@link Outcome#DUPLICATE}: the body is skipped.</li>
 * <li>A live claim of another delivery is waited for, or skipped, per
 * {@link InProgressPolicy}.</li>
 * <li>A missing key and a failing store are handled per {@link MissingKeyPolicy} and
 * {@link StoreErrorPolicy}: by default the delivery is refused with an exception, never
 * dropped.</li>
 * </ul>
 */
public class IdempotencyGate {

	private static final Log logger = LogFactory.getLog(IdempotencyGate.class);

	private final IdempotencyStore store;

	private final RecordScopes scopes;

	private final InProgressWait inProgressWait;

	private final LeaseHeartbeat heartbeat;

	private final IdempotencyListener listener;

	/**
	 * Create a gate.
	 * @param store the store of records
	 * @param scopes builds record scopes for the application's group
	 * @param inProgressWait how to wait for a claim held by another delivery
	 * @param heartbeat keeps the claims of running bodies alive
	 * @param listener observes outcomes and store requests
	 */
	public IdempotencyGate(IdempotencyStore store, RecordScopes scopes, InProgressWait inProgressWait,
			LeaseHeartbeat heartbeat, IdempotencyListener listener) {
		this.store = store;
		this.scopes = scopes;
		this.inProgressWait = inProgressWait;
		this.heartbeat = heartbeat;
		this.listener = listener;
	}

	/**
	 * Run {@code body} unless the message identified by {@code key} was processed before.
	 * @param <T> the body's result type
	 * @param <E> the body's exception type
	 * @param settings the consumer's settings
	 * @param key the message key
	 * @param body the work to guard
	 * @return what was done
	 * @throws E when the body throws; the claim has been released
	 * @throws IdempotencyKeyException when there is no key and missing keys are rejected
	 * @throws IdempotencyStoreException when the store fails and store errors are rejected
	 * @throws IdempotencyInProgressException when another delivery held the claim too long
	 */
	public <T, E extends Throwable> Execution<T> execute(ConsumerSettings settings, MessageKey key, Body<T, E> body)
			throws E {
		String consumer = settings.consumer();
		if (!key.isPresent()) {
			return runWithoutKey(settings, key, body);
		}
		RecordScope scope = this.scopes.scope(consumer, key.value());
		ClaimResult claim;
		try {
			claim = claim(scope, settings);
		}
		catch (RuntimeException ex) {
			return runAfterStoreError(settings, scope, ex, body);
		}
		return switch (claim.status()) {
			case ACQUIRED -> runClaimed(settings, scope, Objects.requireNonNull(claim.token()), body);
			case DUPLICATE -> duplicate(consumer, scope);
			case IN_PROGRESS -> inProgress(settings, scope);
		};
	}

	private ClaimResult claim(RecordScope scope, ConsumerSettings settings) {
		ClaimResult claim = claimOnce(scope, settings);
		if (claim.status() != ClaimResult.Status.IN_PROGRESS || settings.onInProgress() == InProgressPolicy.SKIP) {
			return claim;
		}
		return this.inProgressWait.await(settings.lease(), () -> claimOnce(scope, settings));
	}

	private ClaimResult claimOnce(RecordScope scope, ConsumerSettings settings) {
		return timed(StoreOperation.CLAIM, () -> this.store.claim(scope, settings.lease()));
	}

	private <T, E extends Throwable> Execution<T> runClaimed(ConsumerSettings settings, RecordScope scope,
			String token, Body<T, E> body) throws E {
		T value;
		try (LeaseHeartbeat.Beat beat = this.heartbeat.start(scope,
				() -> timed(StoreOperation.EXTEND, () -> this.store.extend(scope, token, settings.lease())),
				settings.lease())) {
			value = body.run();
		}
		catch (Throwable ex) {
			release(scope, token);
			this.listener.onOutcome(settings.consumer(), Outcome.FAILED);
			throw ex;
		}
		return new Execution<>(complete(settings, scope, token), value);
	}

	private Outcome complete(ConsumerSettings settings, RecordScope scope, String token) {
		Outcome outcome;
		try {
			boolean completed = timed(StoreOperation.COMPLETE,
					() -> this.store.complete(scope, token, settings.ttl(), null));
			outcome = completed ? Outcome.PROCESSED : Outcome.LEASE_LOST;
			if (!completed) {
				logger.warn("Message " + scope.key() + " was processed by " + scope.consumer()
						+ " after its lease of " + settings.lease() + " was lost; another delivery may run it "
						+ "again. Raise the lease of this consumer above the longest run of its listener.");
			}
		}
		catch (RuntimeException ex) {
			outcome = Outcome.STORE_ERROR;
			logger.warn("Message " + scope.key() + " was processed by " + scope.consumer() + " but the "
					+ "idempotency store (" + this.store.description() + ") failed to record it as completed: " + ex.getMessage()
					+ ". A redelivery after the lease of " + settings.lease() + " may run it again.", ex);
		}
		this.listener.onOutcome(settings.consumer(), outcome);
		return outcome;
	}

	private void release(RecordScope scope, String token) {
		try {
			timed(StoreOperation.RELEASE, () -> {
				this.store.release(scope, token);
				return null;
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to release the claim of message " + scope.key() + " for " + scope.consumer()
					+ " after its listener failed; a redelivery runs it once the lease lapses: " + ex.getMessage(),
					ex);
		}
	}

	private <T> Execution<T> duplicate(String consumer, RecordScope scope) {
		if (logger.isDebugEnabled()) {
			logger.debug("Message " + scope.key() + " already processed by " + consumer + "; skipped");
		}
		this.listener.onOutcome(consumer, Outcome.DUPLICATE);
		return new Execution<>(Outcome.DUPLICATE, null);
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
				+ " for " + consumer + ": " + ex.getMessage();
		if (settings.onStoreError() == StoreErrorPolicy.REJECT) {
			throw new IdempotencyStoreException(consumer, failure + ". The message was not processed and will be "
					+ "delivered again; set idempotency.on-store-error=process to run listeners without the gate "
					+ "while the store is unavailable.", ex);
		}
		logger.warn(failure + "; processing it without the gate (idempotency.on-store-error=process)", ex);
		return new Execution<>(Outcome.STORE_ERROR, body.run());
	}

	private <R> R timed(StoreOperation operation, Supplier<R> request) {
		long start = System.nanoTime();
		try {
			R result = request.get();
			this.listener.onStoreRequest(operation, System.nanoTime() - start, true);
			return result;
		}
		catch (RuntimeException ex) {
			this.listener.onStoreRequest(operation, System.nanoTime() - start, false);
			throw ex;
		}
	}

}
