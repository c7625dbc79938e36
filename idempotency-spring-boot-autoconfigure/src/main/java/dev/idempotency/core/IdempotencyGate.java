package dev.idempotency.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

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
 * How a call completes its claims is chosen once per call: inside the transaction when the
 * store's {@link IdempotencyStore#transactionalClaims() transactional claims} join a real
 * transaction around the call (the record is written completed before the body runs, and commits
 * or rolls back with the body's writes); after the transaction commits when another transaction is active (see
 * {@link TransactionBoundary}); otherwise as soon as the body succeeds. A body that returns a
 * {@code CompletionStage} completes its record when the stage succeeds and releases it when the
 * stage fails; the caller gets a stage that ends only after that.
 *
 * <p>Single messages and batches follow the same protocol: a single message is a batch of one.
 */
public class IdempotencyGate {

	private final GateServices services;

	private final RecordScopes scopes;

	private final CompletionStrategies completions;

	private IdempotencyGate(Builder builder) {
		GateStore store = new GateStore(builder.store, builder.listener,
				new CompletionRetry(Duration.ofMillis(100), Duration.ofSeconds(2)));
		this.services = new GateServices(store, new ClaimTokens(), builder.inProgressWait,
				Objects.requireNonNull(builder.heartbeat), Objects.requireNonNull(builder.results), builder.listener,
				new StoreOutageLog(store.description(), builder.outageReportInterval));
		this.scopes = builder.scopes;
		this.completions = new CompletionStrategies(builder.transactions, builder.deferral);
	}

	/**
	 * Start building a gate over {@code store}.
	 * @param store the store of records
	 * @param scopes builds record scopes for the application's group
	 * @return the builder
	 */
	public static Builder builder(IdempotencyStore store, RecordScopes scopes) {
		return new Builder(store, scopes);
	}

	/**
	 * Run {@code body} unless the message identified by {@code key} was processed before; store
	 * no result.
	 * @param <T> the body's result type
	 * @param <E> the body's exception type
	 * @param policy the consumer's policy
	 * @param key the message key
	 * @param body the work to guard
	 * @return what was done
	 * @throws E when the body throws; the claim has been released
	 * @see #execute(Delivery, Body)
	 */
	public <T, E extends Throwable> Execution<T> execute(ConsumerPolicy policy, MessageKey key, Body<T, E> body)
			throws E {
		return execute(Delivery.of(policy, key), body);
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
	@SuppressWarnings("unchecked")
	public <T, E extends Throwable> Execution<T> execute(Delivery delivery, Body<T, E> body) throws E {
		GateRun run = run(delivery.policy(), List.of(delivery.key()), delivery.fingerprint(), delivery.resultType());
		T value = (T) run.run((fresh) -> body.run());
		Outcome outcome = Objects.requireNonNullElse(run.outcome(0), Outcome.PROCESSED);
		if (outcome == Outcome.DUPLICATE) {
			value = (T) this.services.results().read(run.scope(0), run.storedResult(), delivery.resultType());
		}
		return new Execution<>(outcome, value);
	}

	/**
	 * Run {@code body} for the elements of a batch that were not processed before: claim them all
	 * in one request, call the body with the fresh ones, then complete or release them all in one
	 * request. When every element is a duplicate the body is not called.
	 * @param <E> the body's exception type
	 * @param policy the consumer's policy
	 * @param keys the key of each element; with {@code on-missing-key: process} an element without
	 * a key runs without the gate, with {@code reject} it refuses the whole batch, so split the
	 * batch before a keyless element instead
	 * @param body the work to guard
	 * @return what was done with each element
	 * @throws E when the body throws; the claims of the elements from the failed one on have been
	 * released, those before it end as on success
	 * @throws IdempotencyStoreException when the store fails and store errors are rejected
	 * @throws IdempotencyInProgressException when another delivery held an element's claim too long
	 */
	public <E extends Throwable> BatchExecution executeAll(ConsumerPolicy policy, List<MessageKey> keys,
			BatchBody<E> body) throws E {
		if (keys.isEmpty()) {
			return new BatchExecution(List.of(), List.of());
		}
		GateRun run = run(policy, keys, null, null);
		run.run(new GateWork<E>() {

			@Override
			public @Nullable Object run(List<Integer> fresh) throws E {
				body.run(fresh);
				return null;
			}

			@Override
			public int failedElement(Throwable failure) {
				return body.failedElement(failure);
			}

		});
		List<Outcome> outcomes = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			outcomes.add(Objects.requireNonNullElse(run.outcome(i), Outcome.PROCESSED));
		}
		return new BatchExecution(run.ran(), outcomes);
	}

	/**
	 * Claim, in one request, the records of messages that the calling listener container thread
	 * delivers next, before their bodies run, when the consumer's store writes are per poll and
	 * the container acknowledges through a {@link PollScope}; otherwise do nothing. The calls that
	 * run those messages take the answers instead of claiming, and claims whose message does not
	 * run before the poll ends are released then ({@link PollScope#releaseClaimsAhead()}). Keys
	 * without a value are left to their calls.
	 * @param policy the consumer's policy
	 * @param keys the keys of the messages, in delivery order
	 */
	public void claimAhead(ConsumerPolicy policy, List<MessageKey> keys) {
		if (this.completions.choose(this.services.store(), policy) instanceof DeferredCompletion deferred) {
			List<RecordScope> scopes = new ArrayList<>(keys.size());
			for (MessageKey key : keys) {
				if (key.isPresent()) {
					scopes.add(this.scopes.scope(policy.consumer(), Objects.requireNonNull(key.value())));
				}
			}
			deferred.claimAhead(this.services, policy, scopes);
		}
	}

	private GateRun run(ConsumerPolicy policy, List<MessageKey> keys, @Nullable String fingerprint,
			@Nullable Type resultType) {
		return new GateRun(this.services, policy, this.completions.choose(this.services.store(), policy), keys,
				this.scopes, fingerprint, resultType);
	}

	/**
	 * Builds an {@link IdempotencyGate}. The heartbeat and the result conversion are required.
	 */
	public static final class Builder {

		private final IdempotencyStore store;

		private final RecordScopes scopes;

		private InProgressWait inProgressWait = new InProgressWait(Duration.ofMillis(50), Duration.ofSeconds(1));

		private @Nullable LeaseHeartbeat heartbeat;

		private @Nullable StoredResults results;

		private IdempotencyListener listener = IdempotencyListener.NONE;

		private TransactionBoundary transactions = TransactionBoundary.NONE;

		private PollScopes deferral = PollScopes.NONE;

		private Duration outageReportInterval = Duration.ofSeconds(30);

		private Builder(IdempotencyStore store, RecordScopes scopes) {
			this.store = store;
			this.scopes = scopes;
		}

		/**
		 * Set how to wait for a claim held by another delivery; by default from 50 ms, growing to
		 * 1 s between attempts.
		 * @param inProgressWait the wait
		 * @return this builder
		 */
		public Builder inProgressWait(InProgressWait inProgressWait) {
			this.inProgressWait = inProgressWait;
			return this;
		}

		/**
		 * Set the heartbeat that keeps the claims of running bodies alive.
		 * @param heartbeat the heartbeat, closed by its owner
		 * @return this builder
		 */
		public Builder heartbeat(LeaseHeartbeat heartbeat) {
			this.heartbeat = heartbeat;
			return this;
		}

		/**
		 * Set how results are converted for the store.
		 * @param results the conversion
		 * @return this builder
		 */
		public Builder results(StoredResults results) {
			this.results = results;
			return this;
		}

		/**
		 * Set the listener of outcomes and store requests; none by default.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(IdempotencyListener listener) {
			this.listener = listener;
			return this;
		}

		/**
		 * Set the transactions that completions wait for; none by default.
		 * @param transactions the transaction boundary
		 * @return this builder
		 */
		public Builder transactions(TransactionBoundary transactions) {
			this.transactions = transactions;
			return this;
		}

		/**
		 * Set the listener containers that let completions wait for their acknowledgement, for
		 * consumers whose store writes are {@link StoreWrites#PER_POLL}; none by default.
		 * @param deferral the deferral
		 * @return this builder
		 */
		public Builder deferral(PollScopes deferral) {
			this.deferral = deferral;
			return this;
		}

		Builder outageReportInterval(Duration interval) {
			this.outageReportInterval = interval;
			return this;
		}

		/**
		 * Build the gate.
		 * @return the gate
		 */
		public IdempotencyGate build() {
			Assert.state(this.heartbeat != null, "A gate needs a LeaseHeartbeat");
			Assert.state(this.results != null, "A gate needs StoredResults");
			return new IdempotencyGate(this);
		}

	}

}
