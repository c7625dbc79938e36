package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.InProgressPolicy;
import dev.idempotency.core.InProgressWait;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.MissingKeyPolicy;
import dev.idempotency.core.Outcome;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.core.Sha256;
import dev.idempotency.core.StoreErrorPolicy;
import dev.idempotency.store.RecordScope;
import dev.idempotency.test.TestResults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bad input against the gate on a real Redis: every key either runs the body once and is a
 * duplicate afterwards, or is refused with a message that says why; nothing runs twice and nothing
 * is dropped silently.
 */
class RedisBadInputTests {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final String group = "bad-input-" + UUID.randomUUID();

	private final LeaseHeartbeat heartbeat = new LeaseHeartbeat();

	private final RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();

	private final IdempotencyGate gate = IdempotencyGate.builder(this.store, new RecordScopes(this.group, 255))
		.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(50)))
		.heartbeat(this.heartbeat)
		.results(TestResults.json())
		.listener(IdempotencyListener.NONE)
		.build();

	private final ConsumerPolicy policy = new ConsumerPolicy("payments", Duration.ofMinutes(10),
			Duration.ofMinutes(1), MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);

	private final AtomicInteger runs = new AtomicInteger();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.connectionFactory();
		redis = new StringRedisTemplate(connectionFactory);
		redis.afterPropertiesSet();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@AfterEach
	void stopHeartbeat() {
		this.heartbeat.close();
	}

	static Stream<Arguments> usableKeys() {
		String long10k = "k".repeat(10 * 1024);
		return Stream.of(Arguments.of("unicode", "заказ-✓-注文-🚀", "заказ-✓-注文-🚀"),
				Arguments.of("control characters", "order\u0000\n\t\u001b1", "order\u0000\n\t\u001b1"),
				Arguments.of("surrounding whitespace", "  order-1  ", "  order-1  "),
				Arguments.of("10 KB, stored as its SHA-256", long10k, Sha256.hex(long10k.getBytes(UTF_8))),
				Arguments.of("colons, as in the key format", "a:b:c", "a:b:c"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("usableKeys")
	void usableKeyRunsOnceAndIsStoredUnderItsScope(String description, String key, String storedKey) {
		assertThat(execute(key)).isEqualTo(Outcome.PROCESSED);
		assertThat(execute(key)).isEqualTo(Outcome.DUPLICATE);
		assertThat(this.runs).hasValue(1);
		assertThat(redis.opsForValue().get(this.store.key(new RecordScope(this.group, "payments", storedKey))))
			.startsWith("COMPLETED|");
	}

	static Stream<Arguments> unusableKeys() {
		return Stream.of(Arguments.of("null", MessageKey.of(null, "header 'idempotency-key'"), "header 'idempotency-key' gave null"),
				Arguments.of("empty", MessageKey.of("", "header 'idempotency-key'"), "header 'idempotency-key' gave a blank value"),
				Arguments.of("whitespace", MessageKey.of(" \t\n", "header 'idempotency-key'"),
						"header 'idempotency-key' gave a blank value"),
				Arguments.of("expression that throws",
						MessageKey.failed("key expression '#payload.id' of Orders.on(Order)",
								new IllegalStateException("EL1008E: Property or field 'id' cannot be found")),
						"key expression '#payload.id' of Orders.on(Order) failed: EL1008E: Property or field 'id' "
								+ "cannot be found"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unusableKeys")
	void unusableKeyIsRefusedWithTheReasonAndTheBodyDoesNotRun(String description, MessageKey key, String reason) {
		assertThatExceptionOfType(IdempotencyKeyException.class)
			.isThrownBy(() -> this.gate.execute(this.policy, key, this.runs::incrementAndGet))
			.withMessage("No idempotency key for a message of payments: " + reason + ". Give every message a key, or "
					+ "set idempotency.on-missing-key=process to run keyless messages without the gate.");
		assertThat(this.runs).hasValue(0);
	}

	@Test
	void recordKeyOfAnotherTypeFailsClosedNamingTheRedisError() {
		RecordScope scope = new RecordScope(this.group, "payments", "order-1");
		redis.opsForList().leftPush(this.store.key(scope), "not a record");
		assertThatExceptionOfType(IdempotencyStoreException.class).isThrownBy(() -> execute("order-1"))
			.withMessageContaining("failed to claim message order-1 for payments: ")
			.withMessageContaining("WRONGTYPE")
			.withMessageEndingWith("The message was not processed and will be delivered again; set "
					+ "idempotency.on-store-error=process to run listeners without the gate while the store is "
					+ "unavailable.");
		assertThat(this.runs).hasValue(0);
		assertThat(redis.opsForList().range(this.store.key(scope), 0, -1)).containsExactly("not a record");
	}

	@Test
	void recordKeyHoldingAnotherStringFailsClosedSayingItIsNoRecord() {
		RecordScope scope = new RecordScope(this.group, "payments", "order-1");
		redis.opsForValue().set(this.store.key(scope), "not a record");
		assertThatExceptionOfType(IdempotencyStoreException.class).isThrownBy(() -> execute("order-1"))
			.withMessageContaining("failed to claim message order-1 for payments: ")
			.withMessageContaining("holds a value that is not an idempotency record")
			.withMessageEndingWith("The message was not processed and will be delivered again; set "
					+ "idempotency.on-store-error=process to run listeners without the gate while the store is "
					+ "unavailable.");
		assertThat(this.runs).hasValue(0);
		assertThat(redis.opsForValue().get(this.store.key(scope))).isEqualTo("not a record");
	}

	private Outcome execute(String key) {
		return this.gate.execute(this.policy, MessageKey.of(key, "header 'idempotency-key'"), this.runs::incrementAndGet)
			.outcome();
	}

}
