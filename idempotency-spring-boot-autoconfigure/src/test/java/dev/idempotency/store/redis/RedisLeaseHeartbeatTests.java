package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.Execution;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.InProgressPolicy;
import dev.idempotency.core.InProgressWait;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.MissingKeyPolicy;
import dev.idempotency.core.Outcome;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.core.StoreErrorPolicy;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.RecordScope;
import dev.idempotency.test.TestResults;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's lease heartbeat on Redis: a live body keeps its claim for as long as it runs, a
 * crashed holder's claim lapses after one lease.
 */
class RedisLeaseHeartbeatTests {

	private static final Duration LEASE = Duration.ofMillis(600);

	private static LettuceConnectionFactory connectionFactory;

	private static RedisIdempotencyStore store;

	private final String group = "heartbeat-" + UUID.randomUUID();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.connectionFactory();
		store = RedisIdempotencyStore.builder(connectionFactory).build();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void bodyRunningThreeLeasesKeepsItsClaimAndNoCopyRunsMeanwhile() throws Exception {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			IdempotencyGate gate = gate(heartbeat);
			ConsumerPolicy policy = policy(InProgressPolicy.SKIP);
			AtomicInteger runs = new AtomicInteger();
			CountDownLatch started = new CountDownLatch(1);
			CompletableFuture<Execution<Integer>> holder = CompletableFuture.supplyAsync(() -> gate.execute(policy,
					MessageKey.of("slow", "test"), () -> {
						started.countDown();
						sleep(LEASE.multipliedBy(3));
						return runs.incrementAndGet();
					}));
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			long end = System.nanoTime() + LEASE.toNanos() * 5 / 2;
			int copies = 0;
			while (System.nanoTime() < end) {
				Execution<Integer> copy = gate.execute(policy, MessageKey.of("slow", "test"), runs::incrementAndGet);
				assertThat(copy.outcome()).isEqualTo(Outcome.IN_PROGRESS);
				copies++;
				Thread.sleep(50);
			}
			assertThat(holder.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
			assertThat(runs).hasValue(1);
			assertThat(copies).isGreaterThan(10);
			assertThat(gate.execute(policy, MessageKey.of("slow", "test"), runs::incrementAndGet).outcome())
				.isEqualTo(Outcome.DUPLICATE);
		}
	}

	@Test
	void crashedHoldersClaimLapsesAfterItsLeaseAndTheNextDeliveryTakesOver() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			IdempotencyGate gate = gate(heartbeat);
			RecordScope scope = new RecordScope(this.group, "heartbeat", "crashed");
			assertThat(store.claim(scope, Tokens.next(), LEASE).status()).isEqualTo(ClaimResult.Status.ACQUIRED);
			AtomicInteger runs = new AtomicInteger();
			assertThat(gate.execute(policy(InProgressPolicy.SKIP), MessageKey.of("crashed", "test"),
					runs::incrementAndGet).outcome()).isEqualTo(Outcome.IN_PROGRESS);
			Execution<Integer> takeOver = gate.execute(policy(InProgressPolicy.RETRY), MessageKey.of("crashed", "test"),
					runs::incrementAndGet);
			assertThat(takeOver.outcome()).isEqualTo(Outcome.PROCESSED);
			assertThat(runs).hasValue(1);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private IdempotencyGate gate(LeaseHeartbeat heartbeat) {
		return IdempotencyGate.builder(store, new RecordScopes(this.group, 255))
			.inProgressWait(new InProgressWait(Duration.ofMillis(20), Duration.ofMillis(100)))
			.heartbeat(heartbeat)
			.results(TestResults.json())
			.listener(IdempotencyListener.NONE)
			.build();
	}

	private static ConsumerPolicy policy(InProgressPolicy onInProgress) {
		return new ConsumerPolicy("heartbeat", Duration.ofMinutes(5), LEASE, MissingKeyPolicy.REJECT, onInProgress,
				StoreErrorPolicy.REJECT);
	}

}
