package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.test.Tokens;
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
		ClaimResult claim = store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30));
		String key = "app:" + this.scope.group() + ":payments:pay-1";
		assertThat(store.key(this.scope)).isEqualTo(key);
		Map<Object, Object> record = redis.opsForHash().entries(key);
		assertThat(record).containsOnly(Map.entry("status", "IN_PROGRESS"), Map.entry("token", claim.token()));
		assertThat(redis.getExpire(key)).isBetween(28L, 30L);
	}

	@Test
	void completedRecordLivesForItsTtlAndKeepsItsResult() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		ClaimResult claim = store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30));
		assertThat(store.complete(this.scope, claim.token(), Duration.ofHours(1), "{\"receipt\":7}")).isTrue();
		String key = "idempotency:" + this.scope.group() + ":payments:pay-1";
		assertThat(redis.opsForHash().entries(key)).containsOnly(Map.entry("status", "COMPLETED"),
				Map.entry("result", "{\"receipt\":7}"));
		assertThat(redis.getExpire(key)).isBetween(3598L, 3600L);
	}

	@Test
	void scriptsAreLoadedAgainAfterTheServerForgotThem() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		assertThat(store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30)).status()).isEqualTo(ClaimResult.Status.ACQUIRED);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		assertThat(store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30)).status())
			.isEqualTo(ClaimResult.Status.IN_PROGRESS);
	}

	@Test
	void batchesRunInOneRoundTripAndSurviveAFlushedScriptCache() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		List<RecordScope> scopes = IntStream.range(0, 100)
			.mapToObj((i) -> new RecordScope(this.scope.group(), "batch", "m-" + i))
			.toList();
		ClaimResult earlier = store.claim(scopes.get(7), Tokens.next(), Duration.ofSeconds(30));
		store.complete(scopes.get(7), earlier.token(), Duration.ofMinutes(5), "done");
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		List<ClaimResult> claims = store.claimAll(Tokens.claims(scopes), Duration.ofSeconds(30));
		assertThat(claims).filteredOn((claim) -> claim.status() == ClaimResult.Status.ACQUIRED).hasSize(99);
		assertThat(claims.get(7)).isEqualTo(ClaimResult.duplicate("done"));
		List<OwnedClaim> owned = IntStream.range(0, 100)
			.filter((i) -> i != 7)
			.mapToObj((i) -> new OwnedClaim(scopes.get(i), claims.get(i).token()))
			.toList();
		assertThat(store.completeAll(owned.subList(0, 50), Duration.ofMinutes(5))).containsOnly(true).hasSize(50);
		store.releaseAll(owned.subList(50, 99));
		assertThat(store.claimAll(Tokens.claims(scopes), Duration.ofSeconds(30)))
			.extracting(ClaimResult::status)
			.containsExactlyElementsOf(IntStream.range(0, 100)
				.mapToObj((i) -> (i <= 50) ? ClaimResult.Status.DUPLICATE : ClaimResult.Status.ACQUIRED)
				.toList());
	}

	@Test
	void keyPrefixMustBeAWord() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisIdempotencyStore.builder(connectionFactory).keyPrefix("my prefix"))
			.withMessage("keyPrefix must be a non-empty word without whitespace");
	}

}
