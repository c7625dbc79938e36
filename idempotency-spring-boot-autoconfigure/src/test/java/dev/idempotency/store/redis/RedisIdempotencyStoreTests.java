package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.RecordScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the Redis store keeps in Redis, beyond the store contract.
 */
class RedisIdempotencyStoreTests {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final RecordScope scope = new RecordScope("orders-" + UUID.randomUUID(), "payments", "pay-1");

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

	@Test
	void claimIsAHashUnderTheFullScopeWhoseTtlIsTheLease() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).keyPrefix("app").build();
		ClaimResult claim = store.claim(this.scope, Duration.ofSeconds(30));
		String key = "app:" + this.scope.group() + ":payments:pay-1";
		assertThat(store.key(this.scope)).isEqualTo(key);
		Map<Object, Object> record = redis.opsForHash().entries(key);
		assertThat(record).containsOnly(Map.entry("status", "IN_PROGRESS"), Map.entry("token", claim.token()));
		assertThat(redis.getExpire(key)).isBetween(28L, 30L);
	}

	@Test
	void completedRecordLivesForItsTtlAndKeepsItsResult() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		ClaimResult claim = store.claim(this.scope, Duration.ofSeconds(30));
		assertThat(store.complete(this.scope, claim.token(), Duration.ofHours(1), "{\"receipt\":7}")).isTrue();
		String key = "idempotency:" + this.scope.group() + ":payments:pay-1";
		assertThat(redis.opsForHash().entries(key)).containsOnly(Map.entry("status", "COMPLETED"),
				Map.entry("result", "{\"receipt\":7}"));
		assertThat(redis.getExpire(key)).isBetween(3598L, 3600L);
	}

	@Test
	void scriptsAreLoadedAgainAfterTheServerForgotThem() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		assertThat(store.claim(this.scope, Duration.ofSeconds(30)).status()).isEqualTo(ClaimResult.Status.ACQUIRED);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		assertThat(store.claim(this.scope, Duration.ofSeconds(30)).status())
			.isEqualTo(ClaimResult.Status.IN_PROGRESS);
	}

	@Test
	void keyPrefixMustBeAWord() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisIdempotencyStore.builder(connectionFactory).keyPrefix("my prefix"))
			.withMessage("keyPrefix must be a non-empty word without whitespace");
	}

}
