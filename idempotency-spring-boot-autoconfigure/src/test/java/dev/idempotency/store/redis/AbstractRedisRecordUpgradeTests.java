package dev.idempotency.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.Concurrently;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * An upgrade with records in place: records that the previous version wrote (hashes, by
 * {@link HashRecordStore}) are read, claimed, completed, extended and released by this version's
 * store through every operation, and instances of both versions share one store: a message is
 * never run twice, whichever version claims it.
 */
abstract class AbstractRedisRecordUpgradeTests {

	private static final Duration LONG = Duration.ofMinutes(5);

	private final String group = "upgrade-" + UUID.randomUUID();

	/**
	 * Return the connection factory of the Redis under test, shared by the tests of a class.
	 * @return the connection factory
	 */
	abstract RedisConnectionFactory connectionFactory();

	/**
	 * Return this version's store on {@link #connectionFactory()}.
	 * @return the store
	 */
	abstract RedisIdempotencyStore store();

	private HashRecordStore earlier() {
		return new HashRecordStore(connectionFactory());
	}

	private StringRedisTemplate redis() {
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory());
		redis.afterPropertiesSet();
		return redis;
	}

	private RecordScope scope(String key) {
		return new RecordScope(this.group, "payments", key);
	}

	@Test
	void claimInProgressOfTheEarlierVersionHoldsOffEveryOtherOwner() {
		RecordScope scope = scope("held");
		String holder = Tokens.next();
		String other = Tokens.next();
		Instant before = Instant.now();
		assertThat(earlier().claim(scope, holder, LONG, "fp|1")).isEqualTo(ClaimResult.acquired(holder));

		assertThat(store().claim(scope, other, LONG, "fp-2")).isEqualTo(ClaimResult.inProgress("fp|1"));
		assertThat(store().claimAll(List.of(new OwnedClaim(scope, other)), LONG))
			.containsExactly(ClaimResult.inProgress("fp|1"));
		assertThat(store().find(scope)).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(holder);
			assertThat(record.fingerprint()).isEqualTo("fp|1");
			assertThat(record.result()).isNull();
			assertThat(record.expiresAt()).isBetween(before.plus(LONG).minusSeconds(5), Instant.now().plus(LONG));
		});
		assertThat(store().complete(scope, other, LONG, "forged")).isFalse();
		assertThat(store().extend(scope, other, Duration.ofMillis(1))).isFalse();
		store().release(scope, other);
		assertThat(store().completeAll(List.of(new OwnedClaim(scope, other)), LONG)).containsExactly(false);
		store().releaseAll(List.of(new OwnedClaim(scope, other)));

		assertThat(redis().type(store().key(scope))).isEqualTo(DataType.HASH);
		assertThat(earlier().claim(scope, other, LONG)).isEqualTo(ClaimResult.inProgress("fp|1"));
		assertThat(earlier().complete(scope, holder, LONG, "done")).isTrue();
		assertThat(store().claim(scope, other, LONG)).isEqualTo(ClaimResult.duplicate("done", "fp|1"));
	}

	@Test
	void recordCompletedByTheEarlierVersionIsADuplicateWithItsResultAndFingerprint() {
		RecordScope scope = scope("done");
		String holder = Tokens.next();
		earlier().claim(scope, holder, LONG, "fp-1");
		Instant before = Instant.now();
		assertThat(earlier().complete(scope, holder, Duration.ofDays(7), "{\"receipt\":\"r|7 %7C\"}")).isTrue();

		ClaimResult duplicate = ClaimResult.duplicate("{\"receipt\":\"r|7 %7C\"}", "fp-1");
		assertThat(store().claim(scope, Tokens.next(), LONG, "fp-1")).isEqualTo(duplicate);
		assertThat(store().claim(scope, holder, LONG)).isEqualTo(duplicate);
		assertThat(store().claimAll(List.of(new OwnedClaim(scope, Tokens.next())), LONG)).containsExactly(duplicate);
		assertThat(store().find(scope)).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.COMPLETED);
			assertThat(record.ownerToken()).isNull();
			assertThat(record.result()).isEqualTo("{\"receipt\":\"r|7 %7C\"}");
			assertThat(record.fingerprint()).isEqualTo("fp-1");
			assertThat(record.expiresAt()).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(60),
					Instant.now().plus(Duration.ofDays(7)));
		});
		assertThat(store().complete(scope, holder, LONG, "again")).isFalse();
		assertThat(store().extend(scope, holder, Duration.ofMillis(1))).isFalse();
		store().release(scope, holder);
		assertThat(store().completeAll(List.of(new OwnedClaim(scope, holder)), LONG)).containsExactly(false);
		store().releaseAll(List.of(new OwnedClaim(scope, holder)));
		assertThat(store().claim(scope, Tokens.next(), LONG)).isEqualTo(duplicate);
		assertThat(earlier().claim(scope, Tokens.next(), LONG)).isEqualTo(duplicate);

		assertThat(store().delete(scope)).isTrue();
		assertThat(store().find(scope)).isEmpty();
		assertThat(store().claim(scope, Tokens.next(), LONG).status()).isEqualTo(Status.ACQUIRED);
	}

	@Test
	void claimOfTheEarlierVersionIsRenewedExtendedCompletedAndReleasedUnderItsToken() {
		RecordScope completed = scope("completed");
		RecordScope released = scope("released");
		RecordScope completedInBatch = scope("completed-in-batch");
		RecordScope releasedInBatch = scope("released-in-batch");
		String token = Tokens.next();
		List.of(completed, released, completedInBatch, releasedInBatch)
			.forEach((scope) -> earlier().claim(scope, token, Duration.ofSeconds(30), "fp-1"));

		assertThat(store().claim(completed, token, LONG, "fp-1")).isEqualTo(ClaimResult.acquired(token));
		assertThat(store().claimAll(List.of(new OwnedClaim(released, token)), LONG))
			.containsExactly(ClaimResult.acquired(token));
		assertThat(redis().getExpire(store().key(released))).isGreaterThan(60);
		assertThat(store().extend(completed, token, Duration.ofHours(1))).isTrue();
		assertThat(redis().getExpire(store().key(completed))).isGreaterThan(3500);
		assertThat(store().complete(completed, token, LONG, "done")).isTrue();
		store().release(released, token);
		assertThat(store().completeAll(List.of(new OwnedClaim(completedInBatch, token)), LONG)).containsExactly(true);
		store().releaseAll(List.of(new OwnedClaim(releasedInBatch, token)));

		assertThat(store().find(released)).isEmpty();
		assertThat(store().find(releasedInBatch)).isEmpty();
		for (RecordScope scope : List.of(completed, completedInBatch)) {
			assertThat(redis().type(store().key(scope))).as("a hash record stays a hash").isEqualTo(DataType.HASH);
			assertThat(earlier().claim(scope, Tokens.next(), LONG).status()).isEqualTo(Status.DUPLICATE);
		}
		assertThat(store().claim(completed, Tokens.next(), LONG)).isEqualTo(ClaimResult.duplicate("done", "fp-1"));
		assertThat(store().claim(completedInBatch, Tokens.next(), LONG)).isEqualTo(ClaimResult.duplicate(null, "fp-1"));
	}

	/**
	 * A batch whose records are of both formats, some claimed by other tokens, goes in one script
	 * call per operation (its keys share a hash slot on Redis Cluster) and answers for each record.
	 */
	@Test
	void batchOfRecordsOfBothVersionsIsExtendedCompletedAndReleasedRecordByRecord() {
		String token = Tokens.next();
		String other = Tokens.next();
		List<RecordScope> hashes = IntStream.range(0, 4).mapToObj((i) -> scope("{poll}-hash-" + i)).toList();
		List<RecordScope> strings = IntStream.range(0, 4).mapToObj((i) -> scope("{poll}-string-" + i)).toList();
		hashes.forEach((scope) -> earlier().claim(scope, (scope == hashes.get(3)) ? other : token, LONG, null));
		store().claimAll(strings.stream().map((scope) -> new OwnedClaim(scope, (scope == strings.get(3)) ? other : token))
			.toList(), LONG);
		List<OwnedClaim> mine = IntStream.range(0, 4)
			.boxed()
			.flatMap((i) -> List.of(new OwnedClaim(hashes.get(i), token), new OwnedClaim(strings.get(i), token)).stream())
			.toList();

		assertThat(store().extendAll(mine, Duration.ofHours(1))).containsExactly(true, true, true, true, true, true, false,
				false);
		assertThat(redis().getExpire(store().key(hashes.get(0)))).isGreaterThan(3500);
		assertThat(redis().getExpire(store().key(strings.get(1)))).isGreaterThan(3500);
		assertThat(redis().getExpire(store().key(hashes.get(3)))).isLessThanOrEqualTo(LONG.toSeconds());
		assertThat(store().completeAll(mine.subList(0, 4), LONG)).containsExactly(true, true, true, true);
		assertThat(store().completeAll(mine.subList(6, 8), LONG)).containsExactly(false, false);
		store().releaseAll(mine.subList(4, 8));

		for (int i = 0; i < 2; i++) {
			assertThat(store().claim(hashes.get(i), Tokens.next(), LONG).status()).isEqualTo(Status.DUPLICATE);
			assertThat(store().claim(strings.get(i), Tokens.next(), LONG).status()).isEqualTo(Status.DUPLICATE);
			assertThat(redis().type(store().key(hashes.get(i)))).isEqualTo(DataType.HASH);
		}
		assertThat(store().find(hashes.get(2))).isEmpty();
		assertThat(store().find(strings.get(2))).isEmpty();
		assertThat(store().find(hashes.get(3))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(other);
		});
		assertThat(store().find(strings.get(3))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(other);
		});
	}

	@Test
	void lapsedClaimOfTheEarlierVersionIsTakenOverInTheStringFormat() {
		RecordScope scope = scope("lapsed");
		String crashed = Tokens.next();
		earlier().claim(scope, crashed, Duration.ofMillis(200));
		ClaimResult takeOver = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(25))
			.until(() -> store().claim(scope, Tokens.next(), LONG), (claim) -> claim.status() != Status.IN_PROGRESS);
		assertThat(takeOver.status()).isEqualTo(Status.ACQUIRED);
		assertThat(redis().type(store().key(scope))).isEqualTo(DataType.STRING);
		assertThat(store().complete(scope, crashed, LONG, "late")).isFalse();
		assertThat(store().complete(scope, takeOver.token(), LONG, "new")).isTrue();
	}

	@Test
	void earlierVersionRefusesARecordOfThisVersionWithoutChangingIt() {
		RecordScope claimed = scope("claimed");
		RecordScope completed = scope("completed");
		String token = Tokens.next();
		store().claim(claimed, token, LONG);
		store().claim(completed, token, LONG, "fp-1");
		store().complete(completed, token, LONG, "done");
		String claimedValue = redis().opsForValue().get(store().key(claimed));
		String completedValue = redis().opsForValue().get(store().key(completed));

		for (RecordScope scope : List.of(claimed, completed)) {
			assertThatException().isThrownBy(() -> earlier().claim(scope, Tokens.next(), LONG))
				.withStackTraceContaining("WRONGTYPE");
			assertThatException().isThrownBy(() -> earlier().complete(scope, token, LONG, "forged"))
				.withStackTraceContaining("WRONGTYPE");
		}
		assertThat(redis().opsForValue().get(store().key(claimed))).isEqualTo(claimedValue);
		assertThat(redis().opsForValue().get(store().key(completed))).isEqualTo(completedValue);
		assertThat(store().complete(claimed, token, LONG, null)).isTrue();
	}

	/**
	 * Instances of both versions claim the same keys at once, each with its own tokens; each key is
	 * acquired exactly once. The earlier version fails closed on a key this version holds (a store
	 * error: its message is delivered again), never acquires it.
	 */
	@Test
	void instancesOfBothVersionsSideBySideAcquireEachKeyOnce() throws Exception {
		int keys = 300;
		int threads = 8;
		HashRecordStore earlier = earlier();
		AtomicIntegerArray acquired = new AtomicIntegerArray(keys);
		AtomicIntegerArray refusedByEarlier = new AtomicIntegerArray(keys);
		Concurrently.run(threads, (thread) -> {
			for (int i = 0; i < keys; i++) {
				int key = (i + thread * 37) % keys;
				RecordScope scope = scope("key-" + key);
				String token = Tokens.next();
				ClaimResult claim;
				if (thread % 2 == 0) {
					claim = store().claim(scope, token, LONG);
				}
				else {
					try {
						claim = earlier.claim(scope, token, LONG);
					}
					catch (RuntimeException ex) {
						assertThat(ex).hasStackTraceContaining("WRONGTYPE");
						refusedByEarlier.incrementAndGet(key);
						continue;
					}
				}
				if (claim.status() == Status.ACQUIRED) {
					acquired.incrementAndGet(key);
					assertThat(((thread % 2 == 0) ? store() : earlier).complete(scope, token, LONG, "r-" + key)).isTrue();
				}
			}
		});
		for (int key = 0; key < keys; key++) {
			assertThat(acquired.get(key)).as("acquisitions of key-%d", key).isEqualTo(1);
			assertThat(store().claim(scope("key-" + key), Tokens.next(), LONG)).isEqualTo(ClaimResult.duplicate("r-" + key));
		}
		assertThat(store().claimAll(IntStream.range(0, keys)
			.mapToObj((key) -> new OwnedClaim(scope("key-" + key), Tokens.next()))
			.toList(), LONG))
			.extracting(ClaimResult::status)
			.containsOnly(Status.DUPLICATE);
	}

}
