package dev.idempotency.fault;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
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
import dev.idempotency.store.redis.RedisIdempotencyStore;
import dev.idempotency.store.redis.RedisTestServer;
import dev.idempotency.test.TestResults;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer process killed with SIGKILL in the middle of its body: while it lives its heartbeat
 * keeps the claim, so no copy runs; once it is dead the claim lapses after the lease and another
 * consumer runs the message, exactly once.
 */
class KilledConsumerTests {

	private static final Duration LEASE = Duration.ofSeconds(2);

	@Test
	void claimOfAKilledConsumerLapsesAndAnotherConsumerRunsTheMessageOnce() throws Exception {
		String group = "killed-" + UUID.randomUUID();
		URI redis = RedisTestServer.uri();
		Process holder = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(), "-cp",
				System.getProperty("java.class.path"), ClaimHoldingProcess.class.getName(), redis.getHost(),
				Integer.toString(redis.getPort()), group, "order-1", Long.toString(LEASE.toMillis()))
			.redirectErrorStream(true)
			.start();
		LettuceConnectionFactory connectionFactory = RedisTestServer.connectionFactory();
		LeaseHeartbeat heartbeat = new LeaseHeartbeat();
		try {
			awaitHolding(holder);
			RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
			RecordScope scope = new RecordScope(group, "payments", "order-1");
			long aliveUntil = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
			while (System.nanoTime() < aliveUntil) {
				assertThat(store.claim(scope, Tokens.next(), LEASE).status()).as("claim while the holder lives")
					.isEqualTo(ClaimResult.Status.IN_PROGRESS);
				Thread.sleep(100);
			}

			holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			IdempotencyGate gate = IdempotencyGate.builder(store, new RecordScopes(group, 255))
				.inProgressWait(new InProgressWait(Duration.ofMillis(50), Duration.ofMillis(200)))
				.heartbeat(heartbeat)
				.results(TestResults.json())
				.listener(IdempotencyListener.NONE)
				.build();
			ConsumerPolicy policy = new ConsumerPolicy("payments", Duration.ofHours(1), LEASE,
					MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);
			AtomicInteger runs = new AtomicInteger();
			Execution<Integer> takeOver = gate.execute(policy, MessageKey.of("order-1", "test"), runs::incrementAndGet);
			// the gate waits at most about one lease: taking over means the dead holder's claim lapsed
			assertThat(takeOver.outcome()).isEqualTo(Outcome.PROCESSED);
			assertThat(gate.execute(policy, MessageKey.of("order-1", "test"), runs::incrementAndGet).outcome())
				.isEqualTo(Outcome.DUPLICATE);
			assertThat(runs).hasValue(1);
		}
		finally {
			holder.destroyForcibly();
			heartbeat.close();
			connectionFactory.destroy();
		}
	}

	private static void awaitHolding(Process holder) throws Exception {
		BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder seen = new StringBuilder();
		String line;
		while ((line = output.readLine()) != null) {
			if (line.equals(ClaimHoldingProcess.HOLDING)) {
				return;
			}
			seen.append(line).append('\n');
		}
		throw new IllegalStateException("The consumer process ended before its body ran:\n" + seen);
	}

}
