package dev.idempotency.store.memory;

import java.time.Duration;
import java.time.Instant;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.MutableClock;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the in-memory store does beyond the store contract: expiry on its clock. What it evicts
 * is in {@link InMemoryIdempotencyStoreEvictionTests}, its bound under load in
 * {@link InMemoryIdempotencyStoreBoundTests}.
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
	void aClaimWithANegativeLeaseHasLapsedAlready() {
		String token = claim("order-1", Duration.ofMillis(-1));
		assertThat(this.store.find(scope("order-1"))).isEmpty();
		assertThat(this.store.complete(scope("order-1"), token, HOUR, null)).isFalse();
		assertThat(claim("order-1", Duration.ofDays(-365L * 1000))).isNotEqualTo(token);
		assertThat(this.store.find(scope("order-1"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(longs = { 250, 1000 })
	void aTtlEndingPastTheYear2262EndsThen(long years) {
		String token = claim("order-1", HOUR);
		assertThat(this.store.complete(scope("order-1"), token, Duration.ofDays(365 * years), null)).isTrue();
		this.clock.advance(Duration.ofDays(365 * 200));
		assertThat(this.store.claim(scope("order-1"), Tokens.next(), HOUR)).isEqualTo(ClaimResult.duplicate(null));
		assertThat(this.store.find(scope("order-1")).map(IdempotencyRecord::expiresAt))
			.contains(Instant.parse("2262-04-11T23:47:16.854775807Z"));
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
