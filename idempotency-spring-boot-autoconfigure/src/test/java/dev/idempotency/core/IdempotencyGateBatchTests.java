package dev.idempotency.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.core.IdempotencyGateTests.FailingStore;
import dev.idempotency.core.IdempotencyGateTests.RecordingListener;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.test.TestResults;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The gate over batches: one claim and one completion round trip, the body called with the fresh
 * elements only, partial failures completing what was done.
 */
class IdempotencyGateBatchTests {

	private final InMemoryIdempotencyStore memory = new InMemoryIdempotencyStore(1000);

	private final FailingStore store = new FailingStore(this.memory);

	private final RecordingListener listener = new RecordingListener();

	private final LeaseHeartbeat heartbeat = new LeaseHeartbeat();

	private final IdempotencyGate gate = IdempotencyGate.builder(this.store, new RecordScopes("orders-service", 255))
		.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(50)))
		.heartbeat(this.heartbeat)
		.results(TestResults.json())
		.listener(this.listener)
		.build();

	private final List<List<Integer>> calls = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopHeartbeat() {
		this.heartbeat.close();
	}

	@Test
	void bodyRunsForTheFreshElementsOnlyWithOneClaimAndOneCompletion() {
		this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b"), this.calls::add);
		this.listener.outcomes.clear();
		this.listener.requests.clear();
		BatchExecution execution = this.gate.executeAll(policy(InProgressPolicy.RETRY),
				keys("c", "a", "d", "c", "b", "e"), this.calls::add);
		assertThat(this.calls).containsExactly(List.of(0, 1), List.of(0, 2, 5));
		assertThat(execution).isEqualTo(new BatchExecution(List.of(0, 2, 5), List.of(Outcome.PROCESSED,
				Outcome.DUPLICATE, Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.PROCESSED)));
		assertThat(this.listener.requests).containsExactly("claim:success", "complete:success");
		assertThat(this.listener.outcomes).containsExactlyInAnyOrder(Outcome.PROCESSED, Outcome.DUPLICATE,
				Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.PROCESSED);
		assertThat(List.of("a", "b", "c", "d", "e")).allSatisfy((key) -> assertThat(
				this.memory.find(scope(key)).map(IdempotencyRecord::status)).contains(RecordStatus.COMPLETED));
	}

	@Test
	void batchOfDuplicatesDoesNotCallTheBody() {
		this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b"), this.calls::add);
		BatchExecution execution = this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("b", "a", "b"),
				this.calls::add);
		assertThat(execution.skipped()).isTrue();
		assertThat(execution.outcomes()).containsOnly(Outcome.DUPLICATE);
		assertThat(this.calls).containsExactly(List.of(0, 1));
	}

	@Test
	void failureAtAnElementCompletesTheElementsBeforeItAndReleasesTheRest() {
		assertThatIllegalStateException().isThrownBy(() -> this.gate.executeAll(policy(InProgressPolicy.RETRY),
				keys("a", "b", "c", "d"), new BatchBody<IllegalStateException>() {

					@Override
					public void run(List<Integer> fresh) {
						throw new IllegalStateException("Element 2 failed");
					}

					@Override
					public int failedElement(Throwable failure) {
						return 2;
					}

				}));
		assertThat(this.listener.outcomes).containsExactlyInAnyOrder(Outcome.PROCESSED, Outcome.PROCESSED,
				Outcome.FAILED, Outcome.FAILED);
		// both parts ended, so the batch's beat stops
		await().atMost(Duration.ofSeconds(5)).until(() -> this.heartbeat.beats() == 0);
		this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b", "c", "d"), this.calls::add);
		assertThat(this.calls).containsExactly(List.of(2, 3));
	}

	@Test
	void failureWithoutAnElementReleasesTheWholeBatch() {
		assertThatIllegalStateException().isThrownBy(() -> this.gate.executeAll(policy(InProgressPolicy.RETRY),
				keys("a", "b"), (fresh) -> {
					throw new IllegalStateException("Broker down");
				}));
		assertThat(this.listener.requests).containsExactly("claim:success", "release:success");
		this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b"), this.calls::add);
		assertThat(this.calls).containsExactly(List.of(0, 1));
	}

	@Test
	void storeErrorRefusesTheBatch() {
		this.store.failing.add(StoreOperation.CLAIM);
		assertThatExceptionOfType(IdempotencyStoreException.class)
			.isThrownBy(() -> this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b"), this.calls::add))
			.withMessage("The idempotency store (failing store at 127.0.0.1:6379) failed to claim 2 messages of a batch "
					+ "for orders: Connection refused: 127.0.0.1:6379. The batch was not processed and will be "
					+ "delivered again; set idempotency.on-store-error=process to run listeners without the gate "
					+ "while the store is unavailable.");
		assertThat(this.calls).isEmpty();
		assertThat(this.listener.outcomes).containsExactly(Outcome.STORE_ERROR, Outcome.STORE_ERROR);
	}

	@Test
	void inProgressElementIsSkippedWhenConfigured() {
		this.memory.claim(scope("b"), Tokens.next(), Duration.ofMinutes(5));
		BatchExecution execution = this.gate.executeAll(policy(InProgressPolicy.SKIP), keys("a", "b"),
				this.calls::add);
		assertThat(execution.outcomes()).containsExactly(Outcome.PROCESSED, Outcome.IN_PROGRESS);
		assertThat(this.calls).containsExactly(List.of(0));
	}

	@Test
	void inProgressElementIsWaitedForUntilItsHolderCompletes() {
		String holder = this.memory.claim(scope("b"), Tokens.next(), Duration.ofSeconds(5)).token();
		ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor();
		try {
			completer.schedule(() -> this.memory.complete(scope("b"), holder, Duration.ofDays(1), null), 200,
					TimeUnit.MILLISECONDS);
			BatchExecution execution = this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b", "c"),
					this.calls::add);
			assertThat(execution.outcomes()).containsExactly(Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.PROCESSED);
			assertThat(this.calls).containsExactly(List.of(0, 2));
		}
		finally {
			completer.shutdownNow();
		}
	}

	@Test
	void elementHeldBeyondTheWaitHandsTheBatchBackAndReleasesItsClaims() {
		this.memory.claim(scope("b"), Tokens.next(), Duration.ofMinutes(5));
		ConsumerPolicy policy = policy(InProgressPolicy.RETRY).withLease(Duration.ofMillis(200));
		assertThatExceptionOfType(IdempotencyInProgressException.class)
			.isThrownBy(() -> this.gate.executeAll(policy, keys("a", "b"), this.calls::add))
			.withMessage("Message b of a batch is still in progress in another delivery of orders after waiting for "
					+ "its lease of PT0.2S; the batch is handed back to be delivered again.");
		assertThat(this.calls).isEmpty();
		assertThat(this.memory.find(scope("a"))).isEmpty();
	}

	@Test
	void claimThatFailsPartWayReleasesWhatItTook() {
		this.store.losingAnswers.add(StoreOperation.CLAIM);
		assertThatExceptionOfType(IdempotencyStoreException.class)
			.isThrownBy(() -> this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b"), this.calls::add));
		assertThat(this.memory.find(scope("a"))).isEmpty();
		assertThat(this.listener.requests).containsExactly("claim:error", "release:success");
		this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b"), this.calls::add);
		assertThat(this.calls).containsExactly(List.of(0, 1));
	}

	@Test
	void storeErrorWhileWaitingForAnElementRefusesTheBatchAsRetryableAndReleasesItsClaims() {
		this.memory.claim(scope("b"), Tokens.next(), Duration.ofMinutes(5));
		ScheduledExecutorService outage = Executors.newSingleThreadScheduledExecutor();
		try {
			outage.schedule(() -> this.store.failing.add(StoreOperation.CLAIM), 30, TimeUnit.MILLISECONDS);
			assertThatExceptionOfType(IdempotencyStoreException.class)
				.isThrownBy(() -> this.gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b"), this.calls::add))
				.withMessageStartingWith("The idempotency store (failing store at 127.0.0.1:6379) failed to claim 2 "
						+ "messages of a batch for orders: Connection refused: 127.0.0.1:6379.")
				.satisfies((ex) -> assertThat(ex.isRetryable()).isTrue());
		}
		finally {
			outage.shutdownNow();
		}
		assertThat(this.calls).isEmpty();
		assertThat(this.memory.find(scope("a"))).isEmpty();
	}

	@Test
	void elementsBeforeAFailedOneEndWithTheTransaction() {
		IdempotencyGateTransactionTests.DeferringBoundary transaction = new IdempotencyGateTransactionTests.DeferringBoundary();
		IdempotencyGate gate = IdempotencyGate.builder(this.store, new RecordScopes("orders-service", 255))
			.heartbeat(this.heartbeat)
			.results(TestResults.json())
			.listener(this.listener)
			.transactions(transaction)
			.build();
		BatchBody<IllegalStateException> failsAtB = new BatchBody<>() {

			@Override
			public void run(List<Integer> fresh) {
				throw new IllegalStateException("Card declined for b");
			}

			@Override
			public int failedElement(Throwable failure) {
				return 1;
			}

		};
		assertThatIllegalStateException()
			.isThrownBy(() -> gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b", "c"), failsAtB));
		assertThat(this.memory.find(scope("a")).map(IdempotencyRecord::status)).contains(RecordStatus.IN_PROGRESS);
		assertThat(this.memory.find(scope("b"))).isEmpty();
		transaction.onRollback.run();
		assertThat(this.memory.find(scope("a"))).isEmpty();
		assertThat(this.listener.outcomes).containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.FAILED);
		gate.executeAll(policy(InProgressPolicy.RETRY), keys("a", "b", "c"), this.calls::add);
		assertThat(this.calls).containsExactly(List.of(0, 1, 2));
	}

	private static ConsumerPolicy policy(InProgressPolicy onInProgress) {
		return new ConsumerPolicy("orders", Duration.ofDays(7), Duration.ofMinutes(5), MissingKeyPolicy.REJECT,
				onInProgress, StoreErrorPolicy.REJECT);
	}

	private static List<MessageKey> keys(String... keys) {
		return List.of(keys).stream().map((key) -> MessageKey.of(key, "header 'idempotency-key'")).toList();
	}

	private static RecordScope scope(String key) {
		return new RecordScope("orders-service", "orders", key);
	}

}
