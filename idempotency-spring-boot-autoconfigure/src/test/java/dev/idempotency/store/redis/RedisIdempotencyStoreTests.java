package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
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
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
	void claimIsAStringUnderTheFullScopeWhoseTtlIsTheLease() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).keyPrefix("app").build();
		ClaimResult claim = store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30));
		String key = "app:" + this.scope.group() + ":payments:pay-1";
		assertThat(store.key(this.scope)).isEqualTo(key);
		assertThat(redis.opsForValue().get(key)).isEqualTo("IN_PROGRESS|" + claim.token() + "|");
		assertThat(redis.getExpire(key)).isBetween(28L, 30L);
	}

	@Test
	void completedRecordLivesForItsTtlAndKeepsItsFingerprintAndResult() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		ClaimResult claim = store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30), "fp-1");
		String key = "idempotency:" + this.scope.group() + ":payments:pay-1";
		assertThat(redis.opsForValue().get(key)).isEqualTo("IN_PROGRESS|" + claim.token() + "|fp-1");
		assertThat(store.complete(this.scope, claim.token(), Duration.ofHours(1), "{\"receipt\":7}")).isTrue();
		assertThat(redis.opsForValue().get(key)).isEqualTo("COMPLETED||fp-1|{\"receipt\":7}");
		assertThat(redis.getExpire(key)).isBetween(3598L, 3600L);
	}

	@Test
	void completedRecordWithoutResultHasNoResultField() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		ClaimResult claim = store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30));
		assertThat(store.complete(this.scope, claim.token(), Duration.ofHours(1), null)).isTrue();
		assertThat(redis.opsForValue().get(store.key(this.scope))).isEqualTo("COMPLETED||");
		assertThat(store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30))).isEqualTo(ClaimResult.duplicate(null));
	}

	@Test
	void separatorsInTokensAndFingerprintsAreSpelledOutAndResultsStoredAsTheyAre() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		String token = "tok|en%7C%";
		assertThat(store.claim(this.scope, token, Duration.ofSeconds(30), "f|p%25")).isEqualTo(ClaimResult.acquired(token));
		assertThat(redis.opsForValue().get(store.key(this.scope))).isEqualTo("IN_PROGRESS|tok%7Cen%257C%25|f%7Cp%2525");
		assertThat(store.claim(this.scope, "tok", Duration.ofSeconds(30))).isEqualTo(ClaimResult.inProgress("f|p%25"));
		assertThat(store.find(this.scope).map(IdempotencyRecord::ownerToken)).contains(token);
		assertThat(store.claim(this.scope, token, Duration.ofSeconds(30), "f|p%25")).isEqualTo(ClaimResult.acquired(token));
		assertThat(store.extend(this.scope, token, Duration.ofSeconds(30))).isTrue();
		assertThat(store.complete(this.scope, "tok", Duration.ofHours(1), "x")).isFalse();
		assertThat(store.complete(this.scope, token, Duration.ofHours(1), "a|b|%7C")).isTrue();
		assertThat(store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30)))
			.isEqualTo(ClaimResult.duplicate("a|b|%7C", "f|p%25"));
		assertThat(store.find(this.scope)).hasValueSatisfying((record) -> {
			assertThat(record.result()).isEqualTo("a|b|%7C");
			assertThat(record.fingerprint()).isEqualTo("f|p%25");
		});
	}

	@Test
	void scriptsAreLoadedAgainAfterTheServerForgotThem() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		String token = Tokens.next();
		assertThat(store.claim(this.scope, token, Duration.ofSeconds(30)).status()).isEqualTo(ClaimResult.Status.ACQUIRED);
		flushScripts();
		assertThat(store.claim(this.scope, token, Duration.ofSeconds(30))).isEqualTo(ClaimResult.acquired(token));
		flushScripts();
		assertThat(store.complete(this.scope, token, Duration.ofSeconds(30), null)).isTrue();
		assertThat(store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30)).status())
			.isEqualTo(ClaimResult.Status.DUPLICATE);
	}

	@Test
	void batchesRunInOneRoundTripAndSurviveAFlushedScriptCache() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		List<RecordScope> scopes = IntStream.range(0, 100)
			.mapToObj((i) -> new RecordScope(this.scope.group(), "batch", "m-" + i))
			.toList();
		ClaimResult earlier = store.claim(scopes.get(7), Tokens.next(), Duration.ofSeconds(30));
		store.complete(scopes.get(7), earlier.token(), Duration.ofMinutes(5), "done");
		flushScripts();
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
	void valueThatIsNoRecordFailsEveryOperationAndIsKept() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(connectionFactory).build();
		String key = store.key(this.scope);
		redis.opsForValue().set(key, "not a record");
		assertThatIllegalStateException().isThrownBy(() -> store.claim(this.scope, Tokens.next(), Duration.ofSeconds(30)))
			.withMessage("The Redis key " + key + " holds a value that is not an idempotency record; delete the key "
					+ "or choose another idempotency.key-prefix");
		assertThatIllegalStateException()
			.isThrownBy(() -> store.claimAll(Tokens.claims(List.of(this.scope)), Duration.ofSeconds(30)));
		assertThatIllegalStateException().isThrownBy(() -> store.find(this.scope));
		assertThat(store.complete(this.scope, Tokens.next(), Duration.ofSeconds(30), null)).isFalse();
		assertThat(redis.opsForValue().get(key)).isEqualTo("not a record");
	}

	@Test
	void keyPrefixMustBeAWord() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisIdempotencyStore.builder(connectionFactory).keyPrefix("my prefix"))
			.withMessage("keyPrefix must be a non-empty word without whitespace");
	}

	private static void flushScripts() {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
	}

}
