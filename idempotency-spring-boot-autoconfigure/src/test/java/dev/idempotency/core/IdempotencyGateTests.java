package dev.idempotency.core;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.test.MutableClock;
import dev.idempotency.test.TestResults;
import dev.idempotency.test.Tokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The gate's decisions (design, section 4) against the in-memory store. A failing store stub
 * stands in only for an unreachable store.
 */
class IdempotencyGateTests {

	private static final String HEADER = "header 'idempotency-key'";

	private final InMemoryIdempotencyStore memory = new InMemoryIdempotencyStore(1000);

	private final FailingStore store = new FailingStore(this.memory);

	private final RecordingListener listener = new RecordingListener();

	private final LeaseHeartbeat heartbeat = new LeaseHeartbeat();

	private final IdempotencyGate gate = gate(this.store);

	private final AtomicInteger runs = new AtomicInteger();

	@AfterEach
	void stopHeartbeat() {
		this.heartbeat.close();
	}

	@Test
	void firstDeliveryRunsTheBodyAndCompletesTheRecord() {
		Execution<String> execution = this.gate.execute(policy(), key("order-1"), this::charge);
		assertThat(execution).isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-1"));
		assertThat(execution.skipped()).isFalse();
		assertThat(this.runs).hasValue(1);
		assertThat(this.memory.find(scope("order-1"))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.COMPLETED);
			assertThat(record.ownerToken()).isNull();
			assertThat(record.result()).isNull();
		});
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED);
		assertThat(this.listener.requests).containsExactly("claim:success", "complete:success");
	}

	@Test
	void duplicateSkipsTheBody() {
		this.gate.execute(policy(), key("order-1"), this::charge);
		Execution<String> duplicate = this.gate.execute(policy(), key("order-1"), this::charge);
		assertThat(duplicate).isEqualTo(new Execution<>(Outcome.DUPLICATE, null));
		assertThat(duplicate.skipped()).isTrue();
		assertThat(this.gate.execute(policy(), key("order-1"), this::charge).skipped()).isTrue();
		assertThat(this.runs).hasValue(1);
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.DUPLICATE);
		assertThat(this.listener.requests).containsExactly("claim:success", "complete:success", "claim:success",
				"claim:success");
	}

	@Test
	void otherKeysAreNotDuplicates() {
		assertThat(this.gate.execute(policy(), key("order-1"), this::charge).outcome()).isEqualTo(Outcome.PROCESSED);
		assertThat(this.gate.execute(policy(), key("order-2"), this::charge).outcome()).isEqualTo(Outcome.PROCESSED);
		assertThat(this.runs).hasValue(2);
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED, Outcome.PROCESSED);
	}

	@Test
	void bodyExceptionIsRethrownAndTheClaimReleased() {
		IllegalStateException failure = new IllegalStateException("Card declined");
		assertThatIllegalStateException().isThrownBy(() -> this.gate.execute(policy(), key("order-1"), () -> {
			this.runs.incrementAndGet();
			throw failure;
		})).isSameAs(failure);
		assertThat(this.memory.find(scope("order-1"))).isEmpty();
		Execution<String> redelivery = this.gate.execute(policy(), key("order-1"), this::charge);
		assertThat(redelivery).isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-2"));
		assertThat(this.runs).hasValue(2);
		assertThat(this.listener.outcomes).containsExactly(Outcome.FAILED, Outcome.PROCESSED);
		assertThat(this.listener.requests).containsExactly("claim:success", "release:success", "claim:success",
				"complete:success");
	}

	@Test
	void checkedBodyExceptionIsRethrownAsItIs() {
		IOException failure = new IOException("Disk full");
		assertThatIOException().isThrownBy(() -> this.gate.<String, IOException>execute(policy(), key("order-1"),
				() -> {
					throw failure;
				}))
			.isSameAs(failure);
		assertThat(this.memory.find(scope("order-1"))).isEmpty();
		assertThat(this.listener.outcomes).containsExactly(Outcome.FAILED);
	}

	@Test
	void bodyExceptionIsRethrownWhenTheReleaseFails() {
		this.store.failing.add(StoreOperation.RELEASE);
		IllegalStateException failure = new IllegalStateException("Card declined");
		assertThatIllegalStateException().isThrownBy(() -> this.gate.execute(policy(), key("order-1"), () -> {
			throw failure;
		})).isSameAs(failure);
		assertThat(this.memory.find(scope("order-1")).map(IdempotencyRecord::status))
			.contains(RecordStatus.IN_PROGRESS);
		assertThat(this.listener.outcomes).containsExactly(Outcome.FAILED);
		assertThat(this.listener.requests).containsExactly("claim:success", "release:error");
	}

	@Test
	void inProgressWaitsForTheHolderAndEndsAsDuplicate() throws Exception {
		ConsumerPolicy policy = policy().withLease(Duration.ofSeconds(10));
		CountDownLatch holding = new CountDownLatch(1);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<Execution<String>> holder = executor.submit(() -> this.gate.execute(policy, key("order-1"), () -> {
				holding.countDown();
				Thread.sleep(1000);
				return charge();
			}));
			assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(this.memory.claim(scope("order-1"), Tokens.next(), policy.lease()).status())
				.isEqualTo(ClaimResult.Status.IN_PROGRESS);
			Execution<String> copy = this.gate.execute(policy, key("order-1"), this::charge);
			assertThat(copy).isEqualTo(new Execution<>(Outcome.DUPLICATE, null));
			assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-1"));
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.runs).hasValue(1);
		assertThat(this.listener.outcomes).containsExactlyInAnyOrder(Outcome.PROCESSED, Outcome.DUPLICATE);
	}

	@Test
	void inProgressTakesOverTheClaimOfACrashedHolder() {
		ConsumerPolicy policy = policy().withLease(Duration.ofMillis(300));
		String crashed = this.memory.claim(scope("order-1"), Tokens.next(), policy.lease()).token();
		Execution<String> copy = this.gate.execute(policy, key("order-1"), this::charge);
		assertThat(copy).isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-1"));
		assertThat(this.runs).hasValue(1);
		assertThat(this.memory.find(scope("order-1")).map(IdempotencyRecord::status))
			.contains(RecordStatus.COMPLETED);
		assertThat(this.memory.complete(scope("order-1"), crashed, policy.ttl(), null)).isFalse();
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED);
		assertThat(this.listener.requests).filteredOn("claim:success"::equals).hasSizeGreaterThan(1);
		assertThat(this.listener.requests).endsWith("complete:success");
	}

	@Test
	void inProgressHeldBeyondTheWaitIsHandedBack() {
		ConsumerPolicy policy = policy().withLease(Duration.ofMillis(500));
		String holder = this.memory.claim(scope("order-1"), Tokens.next(), policy.lease()).token();
		ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
		try {
			heartbeat.scheduleAtFixedRate(() -> this.memory.extend(scope("order-1"), holder, policy.lease()), 50, 50,
					TimeUnit.MILLISECONDS);
			assertThatExceptionOfType(IdempotencyInProgressException.class)
				.isThrownBy(() -> this.gate.execute(policy, key("order-1"), this::charge))
				.withMessage("Message order-1 is still in progress in another delivery of orders after waiting for "
						+ "its lease of PT0.5S; the message is handed back to be delivered again.")
				.satisfies((ex) -> {
					assertThat(ex.getKey()).isEqualTo("order-1");
					assertThat(ex.getConsumer()).isEqualTo("orders");
					assertThat(ex.isRetryable()).isTrue();
					assertThat(ex.getCause()).isNull();
				});
		}
		finally {
			heartbeat.shutdownNow();
		}
		assertThat(this.runs).hasValue(0);
		assertThat(this.memory.find(scope("order-1")).map(IdempotencyRecord::ownerToken)).contains(holder);
		assertThat(this.listener.outcomes).containsExactly(Outcome.IN_PROGRESS);
	}

	@Test
	void inProgressWithSkipPolicyIsSkippedAtOnce() {
		ConsumerPolicy policy = policy(MissingKeyPolicy.REJECT, InProgressPolicy.SKIP, StoreErrorPolicy.REJECT);
		String holder = this.memory.claim(scope("order-1"), Tokens.next(), policy.lease()).token();
		Execution<String> copy = this.gate.execute(policy, key("order-1"), this::charge);
		assertThat(copy).isEqualTo(new Execution<>(Outcome.IN_PROGRESS, null));
		assertThat(copy.skipped()).isTrue();
		assertThat(this.runs).hasValue(0);
		assertThat(this.memory.find(scope("order-1")).map(IdempotencyRecord::ownerToken)).contains(holder);
		assertThat(this.listener.outcomes).containsExactly(Outcome.IN_PROGRESS);
		assertThat(this.listener.requests).containsExactly("claim:success");
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "  ", "\t" })
	void missingKeyIsRejected(@Nullable String value) {
		String absence = (value != null) ? "a blank value" : "null";
		assertThatExceptionOfType(IdempotencyKeyException.class)
			.isThrownBy(() -> this.gate.execute(policy(), MessageKey.of(value, HEADER), this::charge))
			.withMessage("No idempotency key for a message of orders: header 'idempotency-key' gave " + absence
					+ ". Give every message a key, or set idempotency.on-missing-key=process to run keyless "
					+ "messages without the gate.")
			.withNoCause()
			.satisfies((ex) -> {
				assertThat(ex.isRetryable()).isFalse();
				assertThat(ex.getConsumer()).isEqualTo("orders");
			});
		assertThat(this.runs).hasValue(0);
		assertThat(this.memory.size()).isZero();
		assertThat(this.listener.outcomes).containsExactly(Outcome.KEY_MISSING);
		assertThat(this.listener.requests).isEmpty();
	}

	@Test
	void keyThatFailedToEvaluateIsRejectedWithItsFailure() {
		IllegalArgumentException failure = new IllegalArgumentException("Property 'nope' not found");
		MessageKey key = MessageKey.failed("key expression '#payload.nope' of Orders.on(Order)", failure);
		assertThatExceptionOfType(IdempotencyKeyException.class)
			.isThrownBy(() -> this.gate.execute(policy(), key, this::charge))
			.withMessage("No idempotency key for a message of orders: key expression '#payload.nope' of "
					+ "Orders.on(Order) failed: Property 'nope' not found. Give every message a key, or set "
					+ "idempotency.on-missing-key=process to run keyless messages without the gate.")
			.havingCause()
			.isSameAs(failure);
		assertThat(this.runs).hasValue(0);
		assertThat(this.listener.outcomes).containsExactly(Outcome.KEY_MISSING);
		assertThat(this.listener.requests).isEmpty();
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "  " })
	void missingKeyWithProcessPolicyRunsTheBodyEveryTime(@Nullable String value) {
		ConsumerPolicy policy = policy(MissingKeyPolicy.PROCESS, InProgressPolicy.RETRY,
				StoreErrorPolicy.REJECT);
		assertThat(this.gate.execute(policy, MessageKey.of(value, HEADER), this::charge))
			.isEqualTo(new Execution<>(Outcome.KEY_MISSING, "charged-1"));
		Execution<String> again = this.gate.execute(policy, MessageKey.of(value, HEADER), this::charge);
		assertThat(again).isEqualTo(new Execution<>(Outcome.KEY_MISSING, "charged-2"));
		assertThat(again.skipped()).isFalse();
		assertThat(this.runs).hasValue(2);
		assertThat(this.memory.size()).isZero();
		assertThat(this.listener.outcomes).containsExactly(Outcome.KEY_MISSING, Outcome.KEY_MISSING);
		assertThat(this.listener.requests).isEmpty();
	}

	@Test
	void keyThatFailedToEvaluateWithProcessPolicyRunsTheBody() {
		ConsumerPolicy policy = policy(MissingKeyPolicy.PROCESS, InProgressPolicy.RETRY,
				StoreErrorPolicy.REJECT);
		MessageKey key = MessageKey.failed("key expression '#payload.nope' of Orders.on(Order)",
				new IllegalArgumentException("Property 'nope' not found"));
		assertThat(this.gate.execute(policy, key, this::charge))
			.isEqualTo(new Execution<>(Outcome.KEY_MISSING, "charged-1"));
		assertThat(this.runs).hasValue(1);
		assertThat(this.listener.outcomes).containsExactly(Outcome.KEY_MISSING);
	}

	@Test
	void storeErrorIsRejectedAsRetryable() {
		this.store.failing.add(StoreOperation.CLAIM);
		assertThatExceptionOfType(IdempotencyStoreException.class)
			.isThrownBy(() -> this.gate.execute(policy(), key("order-1"), this::charge))
			.withMessage("The idempotency store (failing store at 127.0.0.1:6379) failed to claim message order-1 "
					+ "for orders: Connection refused: 127.0.0.1:6379. The message was not processed and will be "
					+ "delivered again; set idempotency.on-store-error=process to run listeners without the gate "
					+ "while the store is unavailable.")
			.satisfies((ex) -> {
				assertThat(ex.isRetryable()).isTrue();
				assertThat(ex.getConsumer()).isEqualTo("orders");
				assertThat(ex.getCause()).isSameAs(this.store.lastFailure.get());
			});
		assertThat(this.runs).hasValue(0);
		assertThat(this.memory.size()).isZero();
		assertThat(this.listener.outcomes).containsExactly(Outcome.STORE_ERROR);
		assertThat(this.listener.requests).containsExactly("claim:error", "release:success");
	}

	@Test
	void storeErrorWithProcessPolicyRunsTheBody() {
		this.store.failing.add(StoreOperation.CLAIM);
		ConsumerPolicy policy = policy(MissingKeyPolicy.REJECT, InProgressPolicy.RETRY,
				StoreErrorPolicy.PROCESS);
		Execution<String> execution = this.gate.execute(policy, key("order-1"), this::charge);
		assertThat(execution).isEqualTo(new Execution<>(Outcome.STORE_ERROR, "charged-1"));
		assertThat(execution.skipped()).isFalse();
		assertThat(this.gate.execute(policy, key("order-1"), this::charge))
			.isEqualTo(new Execution<>(Outcome.STORE_ERROR, "charged-2"));
		assertThat(this.runs).hasValue(2);
		assertThat(this.listener.outcomes).containsExactly(Outcome.STORE_ERROR, Outcome.STORE_ERROR);
		assertThat(this.listener.requests).containsExactly("claim:error", "release:success", "claim:error",
				"release:success");
	}

	@Test
	void storeErrorAtCompletionIsRetriedForHalfTheLeaseThenKeepsTheBodyResult() {
		this.store.failing.add(StoreOperation.COMPLETE);
		ConsumerPolicy policy = policy().withLease(Duration.ofMillis(800));
		Execution<String> execution = this.gate.execute(policy, key("order-1"), this::charge);
		assertThat(execution).isEqualTo(new Execution<>(Outcome.STORE_ERROR, "charged-1"));
		assertThat(this.runs).hasValue(1);
		assertThat(this.memory.find(scope("order-1")).map(IdempotencyRecord::status))
			.contains(RecordStatus.IN_PROGRESS);
		assertThat(this.listener.outcomes).containsExactly(Outcome.STORE_ERROR);
		assertThat(this.listener.requests).first().isEqualTo("claim:success");
		assertThat(this.listener.requests.subList(1, this.listener.requests.size()))
			.filteredOn((request) -> !request.startsWith("extend"))
			.hasSizeGreaterThanOrEqualTo(2)
			.containsOnly("complete:error");
	}

	@Test
	void completionThatFailsOnceIsRetriedAndRecorded() {
		Execution<String> execution = this.gate.execute(policy(), key("order-1"), () -> {
			this.store.failing.add(StoreOperation.COMPLETE);
			Executors.newSingleThreadScheduledExecutor()
				.schedule(() -> this.store.failing.remove(StoreOperation.COMPLETE), 150, TimeUnit.MILLISECONDS);
			return charge();
		});
		assertThat(execution).isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-1"));
		assertThat(this.memory.find(scope("order-1")).map(IdempotencyRecord::status)).contains(RecordStatus.COMPLETED);
	}

	@Test
	void completionWhoseAnswerWasLostIsFoundCompletedOnRetry() {
		this.store.losingAnswers.add(StoreOperation.COMPLETE);
		Execution<String> execution = this.gate.execute(policy(), key("order-1"), this::charge);
		assertThat(execution).isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-1"));
		assertThat(this.listener.requests).containsExactly("claim:success", "complete:error", "complete:success");
	}

	@Test
	void claimWhoseAnswerWasLostIsTakenUpByTheRedeliveryWithoutWaitingForTheLease() {
		this.store.losingAnswers.add(StoreOperation.CLAIM);
		this.store.failing.add(StoreOperation.RELEASE);
		assertThatExceptionOfType(IdempotencyStoreException.class)
			.isThrownBy(() -> this.gate.execute(policy(), key("order-1"), this::charge))
			.withMessageContaining("failed to claim message order-1 for orders: Connection reset while reading the answer");
		assertThat(this.memory.find(scope("order-1")).map(IdempotencyRecord::status)).contains(RecordStatus.IN_PROGRESS);
		this.store.failing.clear();
		long start = System.nanoTime();
		assertThat(this.gate.execute(policy(), key("order-1"), this::charge))
			.isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-1"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(policy().lease());
		assertThat(this.listener.requests).containsExactly("claim:error", "release:error", "claim:success",
				"complete:success");
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void aCopyMeetingAClaimThisGateHoldsWaitsInsteadOfSharingItsToken() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch mayEnd = new CountDownLatch(1);
		ExecutorService thread = Executors.newSingleThreadExecutor();
		try {
			Future<Execution<String>> first = thread.submit(() -> this.gate.execute(policy(), key("order-1"), () -> {
				running.countDown();
				mayEnd.await();
				return charge();
			}));
			assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
			ConsumerPolicy skip = policy(MissingKeyPolicy.REJECT, InProgressPolicy.SKIP, StoreErrorPolicy.REJECT);
			assertThat(this.gate.execute(skip, key("order-1"), this::charge))
				.isEqualTo(new Execution<>(Outcome.IN_PROGRESS, null));
			mayEnd.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-1"));
		}
		finally {
			thread.shutdownNow();
		}
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void completionAfterTheLeaseWasLostReportsLeaseLost() {
		AtomicReference<String> other = new AtomicReference<>();
		Execution<String> execution = this.gate.execute(policy(), key("order-1"), () -> {
			assertThat(this.memory.delete(scope("order-1"))).isTrue();
			other.set(this.memory.claim(scope("order-1"), Tokens.next(), Duration.ofMinutes(5)).token());
			return charge();
		});
		assertThat(execution).isEqualTo(new Execution<>(Outcome.LEASE_LOST, "charged-1"));
		assertThat(execution.skipped()).isFalse();
		assertThat(this.memory.find(scope("order-1"))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(other.get());
		});
		assertThat(this.listener.outcomes).containsExactly(Outcome.LEASE_LOST);
		assertThat(this.listener.requests).containsExactly("claim:success", "complete:success");
	}

	@Test
	void heartbeatKeepsTheClaimOfASlowBody() throws Exception {
		ConsumerPolicy policy = policy().withLease(Duration.ofMillis(600));
		Execution<String> execution = this.gate.execute(policy, key("order-1"), () -> {
			Thread.sleep(1500);
			assertThat(this.memory.claim(scope("order-1"), Tokens.next(), policy.lease()).status())
				.isEqualTo(ClaimResult.Status.IN_PROGRESS);
			return charge();
		});
		assertThat(execution).isEqualTo(new Execution<>(Outcome.PROCESSED, "charged-1"));
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED);
		assertThat(this.listener.requests).filteredOn("extend:success"::equals).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void consumerPolicyGiveTheScopeLeaseAndTtl() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		InMemoryIdempotencyStore clocked = new InMemoryIdempotencyStore(1000, clock);
		IdempotencyGate gate = gate(clocked);
		ConsumerPolicy payments = new ConsumerPolicy("payments", Duration.ofDays(30), Duration.ofMinutes(1),
				MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);
		RecordScope scope = new RecordScope("orders-service", "payments", "order-1");
		AtomicReference<Optional<IdempotencyRecord>> claimed = new AtomicReference<>();
		gate.execute(payments, key("order-1"), () -> {
			claimed.set(clocked.find(scope));
			clock.advance(Duration.ofSeconds(10));
			return charge();
		});
		assertThat(claimed.get()).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
		});
		assertThat(clocked.find(scope)).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.COMPLETED);
			assertThat(record.expiresAt()).isEqualTo(Instant.parse("2026-01-31T00:00:10Z"));
		});
		clock.advance(Duration.ofDays(30).minusSeconds(1));
		assertThat(gate.execute(payments, key("order-1"), this::charge).outcome()).isEqualTo(Outcome.DUPLICATE);
		assertThat(gate.execute(policy(), key("order-1"), this::charge).outcome()).isEqualTo(Outcome.PROCESSED);
		clock.advance(Duration.ofSeconds(1));
		assertThat(gate.execute(payments, key("order-1"), this::charge).outcome()).isEqualTo(Outcome.PROCESSED);
		assertThat(this.runs).hasValue(3);
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.PROCESSED,
				Outcome.PROCESSED);
		assertThat(this.listener.consumers).containsExactly("payments", "payments", "orders", "payments");
	}

	@Test
	void longKeysAreStoredAsTheirHash() {
		String key = "k".repeat(10 * 1024);
		String other = "k".repeat(10 * 1024 - 1) + "l";
		assertThat(this.gate.execute(policy(), key(key), this::charge).outcome()).isEqualTo(Outcome.PROCESSED);
		assertThat(this.gate.execute(policy(), key(key), this::charge).outcome()).isEqualTo(Outcome.DUPLICATE);
		assertThat(this.gate.execute(policy(), key(other), this::charge).outcome()).isEqualTo(Outcome.PROCESSED);
		assertThat(this.runs).hasValue(2);
		assertThat(this.memory.find(scope(RecordScopesTests.sha256(key))).map(IdempotencyRecord::status))
			.contains(RecordStatus.COMPLETED);
		assertThat(this.memory.find(scope(RecordScopesTests.sha256(other)))).isPresent();
		assertThat(this.memory.size()).isEqualTo(2);
	}

	private IdempotencyGate gate(IdempotencyStore store) {
		return IdempotencyGate.builder(store, new RecordScopes("orders-service", 255))
			.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(50)))
			.heartbeat(this.heartbeat)
			.results(TestResults.json())
			.listener(this.listener)
			.build();
	}

	private String charge() {
		return "charged-" + this.runs.incrementAndGet();
	}

	private static ConsumerPolicy policy() {
		return policy(MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);
	}

	private static ConsumerPolicy policy(MissingKeyPolicy onMissingKey, InProgressPolicy onInProgress,
			StoreErrorPolicy onStoreError) {
		return new ConsumerPolicy("orders", Duration.ofDays(7), Duration.ofMinutes(5), onMissingKey, onInProgress,
				onStoreError);
	}

	private static MessageKey key(String value) {
		return MessageKey.of(value, HEADER);
	}

	private static RecordScope scope(String key) {
		return new RecordScope("orders-service", "orders", key);
	}

	/**
	 * Records what the gate reports.
	 */
	static final class RecordingListener implements IdempotencyListener {

		final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

		final List<String> consumers = new CopyOnWriteArrayList<>();

		final List<String> requests = new CopyOnWriteArrayList<>();

		@Override
		public void onOutcome(String consumer, Outcome outcome) {
			this.consumers.add(consumer);
			this.outcomes.add(outcome);
		}

		@Override
		public void onStoreRequest(StoreOperation operation, long nanos, boolean success) {
			this.requests.add(operation.tag() + ":" + (success ? "success" : "error"));
		}

	}

	/**
	 * A store whose chosen operations fail as an unreachable server would; the others go to the
	 * in-memory store.
	 */
	static final class FailingStore implements IdempotencyStore {

		final Set<StoreOperation> failing = ConcurrentHashMap.newKeySet();

		/** Operations that take effect once, then fail as if the answer was lost. */
		final Set<StoreOperation> losingAnswers = ConcurrentHashMap.newKeySet();

		final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();

		/** How many claims each {@code extendAll} request extended. */
		final List<Integer> extendedTogether = new CopyOnWriteArrayList<>();

		private final IdempotencyStore delegate;

		FailingStore(IdempotencyStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
			failIf(StoreOperation.CLAIM);
			ClaimResult claim = this.delegate.claim(scope, token, lease, fingerprint);
			loseAnswer(StoreOperation.CLAIM);
			return claim;
		}

		@Override
		public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
			failIf(StoreOperation.COMPLETE);
			boolean completed = this.delegate.complete(scope, token, ttl, result);
			loseAnswer(StoreOperation.COMPLETE);
			return completed;
		}

		@Override
		public void release(RecordScope scope, String token) {
			failIf(StoreOperation.RELEASE);
			this.delegate.release(scope, token);
		}

		@Override
		public boolean extend(RecordScope scope, String token, Duration lease) {
			failIf(StoreOperation.EXTEND);
			return this.delegate.extend(scope, token, lease);
		}

		@Override
		public List<Boolean> extendAll(List<OwnedClaim> claims, Duration lease) {
			failIf(StoreOperation.EXTEND);
			this.extendedTogether.add(claims.size());
			return this.delegate.extendAll(claims, lease);
		}

		@Override
		public Optional<IdempotencyRecord> find(RecordScope scope) {
			return this.delegate.find(scope);
		}

		@Override
		public boolean delete(RecordScope scope) {
			return this.delegate.delete(scope);
		}

		@Override
		public String type() {
			return "failing";
		}

		@Override
		public String description() {
			return "failing store at 127.0.0.1:6379";
		}

		private void loseAnswer(StoreOperation operation) {
			if (this.losingAnswers.remove(operation)) {
				throw new IllegalStateException("Connection reset while reading the answer");
			}
		}

		private void failIf(StoreOperation operation) {
			if (this.failing.contains(operation)) {
				RuntimeException failure = new IllegalStateException("Connection refused: 127.0.0.1:6379");
				this.lastFailure.set(failure);
				throw failure;
			}
		}

	}

}
