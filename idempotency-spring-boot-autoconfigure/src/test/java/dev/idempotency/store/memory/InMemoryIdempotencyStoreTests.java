package dev.idempotency.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.MutableClock;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the in-memory store does beyond the store contract: expiry on its clock and its bound.
 */
class InMemoryIdempotencyStoreTests {

	private static final Duration HOUR = Duration.ofHours(1);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(10, this.clock);

	@Test
	void maxEntriesMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryIdempotencyStore(0))
			.withMessage("maxEntries must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryIdempotencyStore(-1, this.clock))
			.withMessage("maxEntries must be positive");
	}

	@Test
	void typeIsMemory() {
		assertThat(this.store.type()).isEqualTo("memory");
		assertThat(this.store.description()).isEqualTo("memory");
	}

	@Test
	void claimLivesForItsLeaseOnTheStoreClock() {
		String token = claim("order-1", Duration.ofSeconds(30));
		assertThat(this.store.find(scope("order-1"))).contains(new IdempotencyRecord(scope("order-1"),
				RecordStatus.IN_PROGRESS, token, this.clock.instant().plusSeconds(30), null, null));
		this.clock.advance(Duration.ofSeconds(30).minusNanos(1));
		assertThat(this.store.claim(scope("order-1"), Tokens.next(), HOUR).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(this.store.extend(scope("order-1"), token, Duration.ofSeconds(30))).isTrue();
		assertThat(this.store.find(scope("order-1")).map(IdempotencyRecord::expiresAt))
			.contains(this.clock.instant().plusSeconds(30));
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.store.find(scope("order-1"))).isEmpty();
		assertThat(this.store.complete(scope("order-1"), token, HOUR, null)).isFalse();
		assertThat(this.store.extend(scope("order-1"), token, HOUR)).isFalse();
		String takeOver = claim("order-1", HOUR);
		assertThat(takeOver).isNotEqualTo(token);
		assertThat(this.store.size()).isOne();
	}

	@Test
	void completedRecordLivesForItsTtlOnTheStoreClock() {
		String token = claim("order-1", HOUR);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.store.complete(scope("order-1"), token, Duration.ofDays(7), "{\"id\":1}")).isTrue();
		assertThat(this.store.find(scope("order-1"))).contains(new IdempotencyRecord(scope("order-1"),
				RecordStatus.COMPLETED, null, this.clock.instant().plus(Duration.ofDays(7)), "{\"id\":1}",
				null));
		this.clock.advance(Duration.ofDays(7).minusNanos(1));
		assertThat(this.store.claim(scope("order-1"), Tokens.next(), HOUR)).isEqualTo(ClaimResult.duplicate("{\"id\":1}"));
		this.clock.advance(Duration.ofNanos(1));
		assertThat(this.store.find(scope("order-1"))).isEmpty();
		assertThat(this.store.size()).isOne();
		assertThat(this.store.delete(scope("order-1"))).isFalse();
		assertThat(this.store.size()).isZero();
		claim("order-1", HOUR);
	}

	@Test
	void sizeCountsExpiredRecordsUntilTheyAreEvicted() {
		claim("order-1", Duration.ofSeconds(1));
		complete("order-2", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.store.size()).isEqualTo(2);
		assertThat(this.store.find(scope("order-1"))).isEmpty();
		assertThat(this.store.find(scope("order-2"))).isEmpty();
		claim("order-1", HOUR);
		assertThat(this.store.size()).isEqualTo(2);
	}

	@Test
	void nothingIsEvictedUpToTheBound() {
		IntStream.range(0, 9).forEach((i) -> complete("done-" + i, HOUR));
		claim("live-0", HOUR);
		assertThat(this.store.size()).isEqualTo(10);
		assertThat(liveKeys("done-", 9)).hasSize(9);
	}

	@Test
	void oldestCompletedRecordsAreEvictedToATenthBelowTheBound() {
		IntStream.range(0, 10).forEach((i) -> complete("done-" + i, HOUR));
		assertThat(this.store.size()).isEqualTo(10);
		claim("live-0", HOUR);
		assertThat(this.store.size()).isEqualTo(9);
		assertThat(liveKeys("done-", 10)).containsExactly("done-2", "done-3", "done-4", "done-5", "done-6", "done-7",
				"done-8", "done-9");
		assertThat(this.store.find(scope("live-0")).map(IdempotencyRecord::status)).contains(RecordStatus.IN_PROGRESS);
		assertThat(this.store.claim(scope("done-0"), Tokens.next(), HOUR).status()).isEqualTo(Status.ACQUIRED);
		assertThat(this.store.claim(scope("done-2"), Tokens.next(), HOUR).status()).isEqualTo(Status.DUPLICATE);
	}

	@Test
	void expiredRecordsAreEvictedBeforeCompletedOnes() {
		IntStream.range(0, 7).forEach((i) -> complete("done-" + i, HOUR));
		complete("expiring-0", Duration.ofSeconds(10));
		complete("expiring-1", Duration.ofSeconds(10));
		claim("lapsing-0", Duration.ofSeconds(10));
		this.clock.advance(Duration.ofMinutes(1));
		claim("live-0", HOUR);
		assertThat(this.store.size()).isEqualTo(8);
		assertThat(liveKeys("done-", 7)).hasSize(7);
		assertThat(this.store.find(scope("live-0"))).isPresent();
	}

	@Test
	void oldestCompletedRecordsAreEvictedWhenEvictingExpiredOnesIsNotEnough() {
		IntStream.range(0, 9).forEach((i) -> complete("done-" + i, HOUR));
		complete("expiring-0", Duration.ofSeconds(10));
		this.clock.advance(Duration.ofMinutes(1));
		claim("live-0", HOUR);
		assertThat(this.store.size()).isEqualTo(9);
		assertThat(liveKeys("done-", 9)).containsExactly("done-1", "done-2", "done-3", "done-4", "done-5", "done-6",
				"done-7", "done-8");
		assertThat(this.store.find(scope("live-0"))).isPresent();
	}

	@Test
	void liveClaimsAreNeverEvicted() {
		Map<String, String> tokens = new HashMap<>();
		IntStream.range(0, 8).forEach((i) -> tokens.put("live-" + i, claim("live-" + i, HOUR)));
		complete("done-0", HOUR);
		complete("done-1", HOUR);
		tokens.put("live-8", claim("live-8", HOUR));
		assertThat(this.store.size()).isEqualTo(9);
		assertThat(liveKeys("done-", 2)).isEmpty();
		tokens.put("live-9", claim("live-9", HOUR));
		tokens.put("live-10", claim("live-10", HOUR));
		assertThat(this.store.size()).isEqualTo(11);
		assertClaimsHeld(tokens);
	}

	@Test
	void liveClaimsSurviveWhenEveryEntryIsALiveClaim() {
		Map<String, String> tokens = new HashMap<>();
		IntStream.range(0, 25).forEach((i) -> tokens.put("live-" + i, claim("live-" + i, HOUR)));
		assertThat(this.store.size()).isEqualTo(25);
		assertClaimsHeld(tokens);
		tokens.forEach((key, token) -> assertThat(this.store.complete(scope(key), token, HOUR, key)).isTrue());
		tokens.keySet()
			.forEach((key) -> assertThat(this.store.claim(scope(key), Tokens.next(), HOUR)).isEqualTo(ClaimResult.duplicate(key)));
		claim("live-25", HOUR);
		assertThat(this.store.size()).isEqualTo(9);
	}

	private void assertClaimsHeld(Map<String, String> tokens) {
		tokens.forEach((key, token) -> {
			assertThat(this.store.find(scope(key))).hasValueSatisfying((record) -> {
				assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
				assertThat(record.ownerToken()).isEqualTo(token);
			});
			assertThat(this.store.claim(scope(key), Tokens.next(), HOUR)).isEqualTo(ClaimResult.inProgress());
		});
	}

	private List<String> liveKeys(String prefix, int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> prefix + i)
			.filter((key) -> this.store.find(scope(key)).isPresent())
			.toList();
	}

	private String claim(String key, Duration lease) {
		ClaimResult claim = this.store.claim(scope(key), Tokens.next(), lease);
		assertThat(claim.status()).isEqualTo(Status.ACQUIRED);
		return claim.token();
	}

	private void complete(String key, Duration ttl) {
		String token = claim(key, HOUR);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.complete(scope(key), token, ttl, null)).isTrue();
	}

	private static RecordScope scope(String key) {
		return new RecordScope("orders-service", "payments", key);
	}

}
