package dev.idempotency.fault;

import java.time.Duration;

import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.InProgressPolicy;
import dev.idempotency.core.InProgressWait;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.MissingKeyPolicy;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.core.StoreErrorPolicy;
import dev.idempotency.store.redis.RedisIdempotencyStore;
import dev.idempotency.test.TestResults;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A consumer in a process of its own, for {@link KilledConsumerTests}: claims one message through
 * the gate on Redis, prints {@value #HOLDING} once its body runs, and keeps running the body until
 * it is killed. Arguments: Redis host, port, group, key, lease in milliseconds.
 */
public final class ClaimHoldingProcess {

	/** Printed when the body runs. */
	public static final String HOLDING = "HOLDING";

	private ClaimHoldingProcess() {
	}

	public static void main(String[] args) throws Exception {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(args[0], Integer.parseInt(args[1])));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		IdempotencyGate gate = IdempotencyGate.builder(RedisIdempotencyStore.builder(connectionFactory).build(), new RecordScopes(args[2], 255))
			.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(50)))
			.heartbeat(new LeaseHeartbeat())
			.results(TestResults.json())
			.listener(IdempotencyListener.NONE)
			.build();
		ConsumerPolicy policy = new ConsumerPolicy("payments", Duration.ofHours(1),
				Duration.ofMillis(Long.parseLong(args[4])), MissingKeyPolicy.REJECT, InProgressPolicy.RETRY,
				StoreErrorPolicy.REJECT);
		gate.execute(policy, MessageKey.of(args[3], "argument"), () -> {
			System.out.println(HOLDING);
			System.out.flush();
			Thread.sleep(Long.MAX_VALUE);
			return null;
		});
	}

}
