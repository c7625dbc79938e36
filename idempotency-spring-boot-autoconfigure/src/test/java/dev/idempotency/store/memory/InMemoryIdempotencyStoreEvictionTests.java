package dev.idempotency.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.MutableClock;
import dev.idempotency.test.Concurrently;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which records a full in-memory store evicts, exactly: one record for each record taken past
 * the bound, a lapsed claim before a completed record, completed records oldest completion first,
 * never a live claim.
 */
class InMemoryIdempotencyStoreEvictionTests {

	private static final int MAX_ENTRIES = 10;

	private static final Duration HOUR = Duration.ofHours(1);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(MAX_ENTRIES, this.clock);

	@Test
	void nothingIsEvictedUpToTheBound() {
		IntStream.range(0, MAX_ENTRIES - 1).forEach((i) -> complete("done-" + i, HOUR));
		claim("live-0");
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys("done-", MAX_ENTRIES - 1)).hasSize(MAX_ENTRIES - 1);
	}

	@Test
	void completionsPastTheBoundEvictTheOldestCompletedRecordsOneForOne() {
		int extra = 3;
		IntStream.range(0, MAX_ENTRIES + extra).forEach((i) -> complete("done-" + i, HOUR));
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys("done-", MAX_ENTRIES + extra))
			.containsExactlyElementsOf(keys("done-", extra, MAX_ENTRIES + extra));
	}

	@Test
	void evictionFollowsTheLastCompletionOfARecordNotItsFirstClaim() {
		String early = claim("early");
		IntStream.range(0, MAX_ENTRIES - 1).forEach((i) -> complete("done-" + i, HOUR));
		assertThat(this.store.complete(scope("early"), early, HOUR, null)).isTrue();
		complete("late", HOUR);
		assertThat(this.store.find(scope("early"))).isPresent();
		assertThat(this.store.find(scope("done-0"))).isEmpty();
		assertThat(foundKeys("done-", MAX_ENTRIES - 1)).containsExactlyElementsOf(keys("done-", 1, MAX_ENTRIES - 1));
	}

	@Test
	void aLiveClaimIsNeverEvictedEvenWhenItIsTheOldestRecord() {
		String live = claim("live");
		IntStream.range(0, MAX_ENTRIES + 5).forEach((i) -> complete("done-" + i, HOUR));
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertHeld("live", live);
		assertThat(foundKeys("done-", MAX_ENTRIES + 5)).containsExactlyElementsOf(keys("done-", 6, MAX_ENTRIES + 5));
	}

	@Test
	void liveClaimsTakeTheStorePastTheBoundWhenNoCompletedRecordIsLeft() {
		Map<String, String> tokens = new HashMap<>();
		IntStream.range(0, MAX_ENTRIES - 2).forEach((i) -> tokens.put("live-" + i, claim("live-" + i)));
		complete("done-0", HOUR);
		complete("done-1", HOUR);
		tokens.put("live-8", claim("live-8"));
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys("done-", 2)).containsExactly("done-1");
		tokens.put("live-9", claim("live-9"));
		assertThat(foundKeys("done-", 2)).isEmpty();
		tokens.put("live-10", claim("live-10"));
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES + 1);
		tokens.forEach(this::assertHeld);
	}

	@Test
	void aStoreOfLiveClaimsOnlyKeepsThemAllAndEvictsDownToTheBoundOnceTheyComplete() {
		Map<String, String> tokens = new LinkedHashMap<>();
		IntStream.range(0, 25).forEach((i) -> tokens.put("live-" + i, claim("live-" + i)));
		assertThat(this.store.size()).isEqualTo(25);
		tokens.forEach(this::assertHeld);
		tokens.forEach((key, token) -> assertThat(this.store.complete(scope(key), token, HOUR, key)).isTrue());
		tokens.keySet()
			.forEach((key) -> assertThat(this.store.claim(scope(key), Tokens.next(), HOUR))
				.isEqualTo(ClaimResult.duplicate(key)));
		claim("live-25");
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys("live-", 26)).containsExactlyElementsOf(keys("live-", 16, 26));
	}

	@Test
	void aLapsedClaimIsEvictedBeforeAnyCompletedRecord() {
		claim("lapsed", Duration.ofSeconds(10));
		IntStream.range(0, MAX_ENTRIES - 1).forEach((i) -> complete("done-" + i, HOUR));
		this.clock.advance(Duration.ofMinutes(1));
		complete("late", HOUR);
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys("done-", MAX_ENTRIES - 1)).hasSize(MAX_ENTRIES - 1);
		assertThat(this.store.find(scope("late"))).isPresent();
	}

	@Test
	void aStaleNameOfADeletedRecordDoesNotEvictTheRecordCompletedAgainUnderItsScope() {
		IntStream.range(0, MAX_ENTRIES).forEach((i) -> complete("done-" + i, HOUR));
		assertThat(this.store.delete(scope("done-0"))).isTrue();
		complete("done-0", HOUR);
		complete("late", HOUR);
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(this.store.find(scope("done-0"))).isPresent();
		assertThat(this.store.find(scope("done-1"))).isEmpty();
		assertThat(foundKeys("done-", MAX_ENTRIES)).containsExactlyElementsOf(
				List.of("done-0", "done-2", "done-3", "done-4", "done-5", "done-6", "done-7", "done-8", "done-9"));
	}

	@Test
	void aStaleNameOfAnExpiredRecordDoesNotEvictTheRecordCompletedAgainUnderItsScope() {
		complete("again", Duration.ofSeconds(10));
		IntStream.range(0, MAX_ENTRIES - 1).forEach((i) -> complete("done-" + i, HOUR));
		this.clock.advance(Duration.ofMinutes(1));
		complete("again", HOUR);
		complete("late", HOUR);
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(this.store.find(scope("again"))).isPresent();
		assertThat(foundKeys("done-", MAX_ENTRIES - 1)).containsExactlyElementsOf(keys("done-", 1, MAX_ENTRIES - 1));
	}

	@Test
	void releasedAndDeletedRecordsFreeTheirPlaceAndEvictNothing() {
		IntStream.range(0, MAX_ENTRIES / 2).forEach((i) -> complete("deleted-" + i, HOUR));
		IntStream.range(0, MAX_ENTRIES / 2).forEach((i) -> this.store.release(scope("released-" + i), claim("released-" + i)));
		IntStream.range(0, MAX_ENTRIES / 2).forEach((i) -> assertThat(this.store.delete(scope("deleted-" + i))).isTrue());
		assertThat(this.store.size()).isZero();
		IntStream.range(0, MAX_ENTRIES).forEach((i) -> complete("done-" + i, HOUR));
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys("done-", MAX_ENTRIES)).hasSize(MAX_ENTRIES);
	}

	@Test
	void claimsAndExtensionsOfHeldRecordsEvictNothing() {
		IntStream.range(0, MAX_ENTRIES - 1).forEach((i) -> complete("done-" + i, HOUR));
		String token = claim("held");
		assertThat(this.store.claim(scope("held"), token, HOUR)).isEqualTo(ClaimResult.acquired(token));
		assertThat(this.store.extend(scope("held"), token, HOUR)).isTrue();
		assertThat(this.store.claim(scope("done-0"), Tokens.next(), HOUR).status()).isEqualTo(Status.DUPLICATE);
		assertThat(this.store.claim(scope("held"), Tokens.next(), HOUR).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys("done-", MAX_ENTRIES - 1)).hasSize(MAX_ENTRIES - 1);
	}

	@Test
	void completedRecordsGoInCompletionOrderEvenWhenAYoungerOneHasExpired() {
		complete("long-lived", HOUR);
		IntStream.range(0, MAX_ENTRIES - 1).forEach((i) -> complete("short-lived-" + i, Duration.ofSeconds(10)));
		this.clock.advance(Duration.ofMinutes(1));
		complete("late", HOUR);
		assertThat(this.store.find(scope("long-lived"))).isEmpty();
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
	}

	/**
	 * Sixteen threads claim, complete, release and delete records of 300 keys in a store of 10:
	 * every claim a thread holds can be completed (a live claim is never evicted), and once they
	 * stop the eviction order names exactly the records held, within the bound.
	 */
	@RepeatedTest(5)
	void concurrentChangesNeverEvictALiveClaimAndLeaveTheOrderExact() throws Exception {
		int threads = 16;
		AtomicInteger lost = new AtomicInteger();
		Concurrently.run(threads, (thread) -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int i = 0; i < 20_000; i++) {
				RecordScope scope = scope("key-" + random.nextInt(300));
				String token = Tokens.next();
				if (this.store.claim(scope, token, HOUR).status() != Status.ACQUIRED) {
					continue;
				}
				switch (random.nextInt(4)) {
					case 0 -> this.store.release(scope, token);
					case 1 -> this.store.delete(scope);
					default -> {
						if (!this.store.extend(scope, token, HOUR) || !this.store.complete(scope, token, HOUR, null)) {
							lost.incrementAndGet();
						}
					}
				}
			}
		});
		assertThat(lost).as("live claims lost").hasValue(0);
		assertThat(this.store.size()).isLessThanOrEqualTo(MAX_ENTRIES);
		assertThat(this.store.evictionOrderSize()).isEqualTo(this.store.size());
	}

	private void assertHeld(String key, String token) {
		assertThat(this.store.find(scope(key))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(token);
		});
		assertThat(this.store.claim(scope(key), Tokens.next(), HOUR)).isEqualTo(ClaimResult.inProgress());
	}

	private List<String> foundKeys(String prefix, int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> prefix + i)
			.filter((key) -> this.store.find(scope(key)).map(IdempotencyRecord::status).isPresent())
			.toList();
	}

	private static List<String> keys(String prefix, int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> prefix + i).toList();
	}

	private String claim(String key) {
		return claim(key, HOUR);
	}

	private String claim(String key, Duration lease) {
		ClaimResult claim = this.store.claim(scope(key), Tokens.next(), lease);
		assertThat(claim.status()).isEqualTo(Status.ACQUIRED);
		return claim.token();
	}

	private void complete(String key, Duration ttl) {
		String token = claim(key);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.complete(scope(key), token, ttl, null)).isTrue();
	}

	private static RecordScope scope(String key) {
		return new RecordScope("orders-service", "payments", key);
	}

}
