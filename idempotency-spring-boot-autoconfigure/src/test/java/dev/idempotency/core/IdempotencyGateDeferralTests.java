package dev.idempotency.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.core.IdempotencyGateTests.FailingStore;
import dev.idempotency.core.IdempotencyGateTests.RecordingListener;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.test.TestResults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Completions that wait for the listener container's acknowledgement: calls of a consumer whose
 * store writes are per poll leave their records in progress until the thread's pending
 * completions are flushed, which sends them in one request.
 */
class IdempotencyGateDeferralTests {

	private final InMemoryIdempotencyStore memory = new InMemoryIdempotencyStore(1000);

	private final FailingStore store = new FailingStore(this.memory);

	private final RecordingListener listener = new RecordingListener();

	private final LeaseHeartbeat heartbeat = new LeaseHeartbeat();

	private final PollScope pending = new PollScope();

	private final IdempotencyGate gate = IdempotencyGate.builder(this.store, new RecordScopes("orders-service", 255))
		.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(50)))
		.heartbeat(this.heartbeat)
		.results(TestResults.json())
		.listener(this.listener)
		.deferral(() -> this.pending)
		.build();

	@AfterEach
	void stopHeartbeat() {
		this.heartbeat.close();
	}

	@Test
	void completionsWaitForTheFlushAndGoInOneRequest() {
		for (String key : List.of("a", "b", "c")) {
			assertThat(this.gate.execute(perPoll(), MessageKey.of(key, "test"), () -> "done").value()).isEqualTo("done");
		}
		assertThat(status("a")).isEqualTo(RecordStatus.IN_PROGRESS);
		assertThat(this.listener.requests).containsExactly("claim:success", "claim:success", "claim:success");
		assertThat(this.listener.outcomes).isEmpty();
		this.pending.flush();
		assertThat(this.listener.requests).endsWith("complete:success").hasSize(4);
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED, Outcome.PROCESSED, Outcome.PROCESSED);
		assertThat(List.of("a", "b", "c")).allSatisfy((key) -> assertThat(status(key)).isEqualTo(RecordStatus.COMPLETED));
		assertThat(this.pending.isEmpty()).isTrue();
	}

	@Test
	void completionsOfDifferentTimesToLiveGoInOneRequestEach() {
		ConsumerPolicy week = perPoll();
		ConsumerPolicy day = perPoll().withTtl(Duration.ofDays(1));
		this.gate.execute(week, MessageKey.of("a", "test"), () -> null);
		this.gate.execute(day, MessageKey.of("b", "test"), () -> null);
		this.gate.execute(week, MessageKey.of("c", "test"), () -> null);
		this.gate.execute(day, MessageKey.of("d", "test"), () -> null);
		this.pending.flush();
		assertThat(this.listener.requests.stream().filter((request) -> request.startsWith("complete:"))).hasSize(2);
		assertThat(Stream.of("a", "b", "c", "d").map(this::status)).containsOnly(RecordStatus.COMPLETED);
		assertThat(this.memory.find(new RecordScope("orders-service", "orders", "b")).orElseThrow().expiresAt())
			.isBefore(Instant.now().plus(Duration.ofDays(2)));
		assertThat(this.memory.find(new RecordScope("orders-service", "orders", "c")).orElseThrow().expiresAt())
			.isAfter(Instant.now().plus(Duration.ofDays(6)));
		assertThat(this.pending.isEmpty()).isTrue();
	}

	@Test
	void perRecordStoreWritesCompleteBeforeTheCallReturns() {
		this.gate.execute(perPoll().withStoreWrites(StoreWrites.PER_RECORD), MessageKey.of("a", "test"), () -> null);
		assertThat(status("a")).isEqualTo(RecordStatus.COMPLETED);
		assertThat(this.pending.isEmpty()).isTrue();
	}

	@Test
	void resultToStoreIsCompletedAtOnce() {
		this.gate.execute(new Delivery(perPoll(), MessageKey.of("a", "test"), null, String.class), () -> "receipt");
		assertThat(status("a")).isEqualTo(RecordStatus.COMPLETED);
		assertThat(this.pending.isEmpty()).isTrue();
	}

	@Test
	void failedFlushKeepsTheCompletionsForTheNext() {
		ConsumerPolicy policy = perPoll().withLease(Duration.ofMillis(600));
		this.gate.execute(policy, MessageKey.of("a", "test"), () -> null);
		this.store.failing.add(StoreOperation.COMPLETE);
		assertThatExceptionOfType(IdempotencyStoreException.class).isThrownBy(this.pending::flush)
			.withMessage("The idempotency store (failing store at 127.0.0.1:6379) failed to record 1 processed message "
					+ "as completed, so they are not acknowledged yet: Connection refused: 127.0.0.1:6379. Their claims "
					+ "are kept alive and the completions are sent again before the next acknowledgement.");
		assertThat(this.pending.isEmpty()).isFalse();
		assertThat(status("a")).isEqualTo(RecordStatus.IN_PROGRESS);
		this.store.failing.clear();
		this.pending.flush();
		assertThat(status("a")).isEqualTo(RecordStatus.COMPLETED);
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED);
	}

	@Test
	void copyOfAMessageWhoseCompletionWaitsOnThisThreadFlushesAndIsADuplicate() {
		this.gate.execute(perPoll(), MessageKey.of("a", "test"), () -> null);
		Execution<Object> copy = this.gate.execute(perPoll(), MessageKey.of("a", "test"), () -> {
			throw new AssertionError("ran twice");
		});
		assertThat(copy.outcome()).isEqualTo(Outcome.DUPLICATE);
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED, Outcome.DUPLICATE);
	}

	@Test
	void bodyThatEndsOnAnotherThreadCompletesThere() throws Exception {
		CompletableFuture<String> later = new CompletableFuture<>();
		Execution<CompletionStage<?>> execution = this.gate.execute(perPoll(), MessageKey.of("a", "test"),
				() -> later);
		CompletableFuture.runAsync(() -> later.complete("done")).get(10, TimeUnit.SECONDS);
		assertThat(execution.value().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(status("a")).isEqualTo(RecordStatus.COMPLETED);
		assertThat(this.pending.isEmpty()).isTrue();
	}

	@Test
	void claimsAheadAreKeptAliveTogetherInOneRequestPerBeat() throws InterruptedException {
		ConsumerPolicy policy = perPoll().withLease(Duration.ofMillis(300));
		List<MessageKey> poll = Stream.of("a", "b", "c", "d", "e").map((key) -> MessageKey.of(key, "test")).toList();
		this.gate.claimAhead(policy, poll);
		Thread.sleep(1000);
		assertThat(this.store.extendedTogether).hasSizeGreaterThanOrEqualTo(2).containsOnly(5);
		// a beat may be between the store and the listener at any one moment
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(
					this.listener.requests.stream().filter((request) -> request.startsWith("extend:")).count())
				.isEqualTo(this.store.extendedTogether.size()));
		for (MessageKey message : poll) {
			assertThat(this.memory.claim(new RecordScope("orders-service", "orders", message.value()), "other-token",
					policy.lease()).status()).isEqualTo(ClaimResult.Status.IN_PROGRESS);
		}
		for (MessageKey message : poll) {
			assertThat(this.gate.execute(policy, message, () -> "done").outcome()).isEqualTo(Outcome.PROCESSED);
		}
		this.pending.flush();
		assertThat(Stream.of("a", "b", "c", "d", "e").map(this::status)).containsOnly(RecordStatus.COMPLETED);
	}

	private RecordStatus status(String key) {
		return this.memory.find(new RecordScope("orders-service", "orders", key))
			.map(IdempotencyRecord::status)
			.orElseThrow();
	}

	private static ConsumerPolicy perPoll() {
		return new ConsumerPolicy("orders", Duration.ofDays(7), Duration.ofMinutes(5), MissingKeyPolicy.REJECT,
				InProgressPolicy.RETRY, StoreErrorPolicy.REJECT, StoreWrites.PER_POLL);
	}

}
