package dev.idempotency.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.Concurrently;
import dev.idempotency.test.MutableClock;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.BeanUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A store that removes the records it evicts in the background: which records leave, when, and
 * what happens when the executor falls behind or refuses. With a bound of 1,000 records a batch
 * is 10 records.
 */
class InMemoryIdempotencyStoreBackgroundRemovalTests {

	private static final int MAX_ENTRIES = 1000;

	private static final Duration HOUR = Duration.ofHours(1);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final List<Runnable> waiting = new ArrayList<>();

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(MAX_ENTRIES, this.clock,
			this.waiting::add);

	@Test
	void batchesAreAHundredthOfTheBoundFromOneTo256() {
		assertThat(EvictedRecords.batchSize(MAX_ENTRIES)).isEqualTo(10);
		assertThat(EvictedRecords.batchSize(10)).isOne();
		assertThat(EvictedRecords.batchSize(100_000)).isEqualTo(256);
	}

	@Test
	void removalsNeedAnExecutor() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryIdempotencyStore(10, this.clock, null))
			.withMessage("removals must not be null");
	}

	@Test
	void evictedRecordsLeaveTheStoreABatchAtATimeInTheBackground() {
		completeAll(0, MAX_ENTRIES + 9);
		assertThat(this.waiting).isEmpty();
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES + 9);
		assertThat(this.store.evictionOrderSize()).isEqualTo(MAX_ENTRIES);
		assertThat(this.store.claim(scope("done-0"), Tokens.next(), HOUR)).isEqualTo(ClaimResult.duplicate(null));
		complete("done-" + (MAX_ENTRIES + 9));
		assertThat(this.waiting).hasSize(1);
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES + 10);
		runWaiting();
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys(0, 11)).containsExactly("done-10");
	}

	@Test
	void whileFourBatchesWaitForTheExecutorCallersRemoveTheNextOne() {
		completeAll(0, MAX_ENTRIES + 50);
		assertThat(this.waiting).hasSize(4);
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES + 40);
		assertThat(foundKeys(0, 51)).hasSize(41).doesNotContain("done-40", "done-49").contains("done-39", "done-50");
		runWaiting();
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES);
		assertThat(foundKeys(0, 51)).containsExactly("done-50");
	}

	@ParameterizedTest
	@ValueSource(classes = { RejectedExecutionException.class, IllegalStateException.class })
	void aBatchTheExecutorRefusesOrFailsToTakeIsRemovedByTheCaller(Class<? extends RuntimeException> failure) {
		InMemoryIdempotencyStore refused = new InMemoryIdempotencyStore(MAX_ENTRIES, this.clock, (task) -> {
			throw BeanUtils.instantiateClass(failure);
		});
		for (int i = 0; i < MAX_ENTRIES + 10; i++) {
			String token = refused.claim(scope("done-" + i), Tokens.next(), HOUR).token();
			assertThat(refused.complete(scope("done-" + i), token, HOUR, null)).isTrue();
		}
		assertThat(refused.size()).isEqualTo(MAX_ENTRIES);
		assertThat(refused.find(scope("done-9"))).isEmpty();
		assertThat(refused.find(scope("done-10"))).isPresent();
	}

	@Test
	void aRecordClaimedAgainAfterItsEvictionStaysWhenItsBatchIsRemoved() {
		String expired = claim("expired", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(2));
		completeAll(0, MAX_ENTRIES);
		assertThat(this.store.find(scope("expired"))).isEmpty();
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES + 1);
		String again = claim("expired", HOUR);
		assertThat(again).isNotEqualTo(expired);
		completeAll(MAX_ENTRIES, MAX_ENTRIES + 9);
		assertThat(this.waiting).hasSize(1);
		runWaiting();
		assertThat(this.store.find(scope("expired"))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(again);
		});
		// the claim taken again evicted one record more: it waits in the next batch
		assertThat(this.store.evictionOrderSize()).isEqualTo(MAX_ENTRIES);
		assertThat(this.store.size()).isEqualTo(MAX_ENTRIES + 1);
	}

	/**
	 * Sixteen threads claim, release, delete, extend and complete 300 keys in a store of 100 whose
	 * evicted records a thread of its own removes one by one, while the clock advances and a fifth
	 * of the claims are abandoned with a lease of a few milliseconds, as by a consumer that
	 * crashed: those lapse and become the first records evicted, or are claimed again. Every claim
	 * a thread holds can be completed, and once all have stopped the store is within its bound and
	 * its order exact.
	 */
	@Test
	void concurrentChangesNeverLoseALiveClaimAndEndWithinTheBound() throws Exception {
		ExecutorService removals = Executors.newSingleThreadExecutor();
		InMemoryIdempotencyStore concurrent = new InMemoryIdempotencyStore(100, this.clock, removals);
		AtomicInteger lost = new AtomicInteger();
		Concurrently.run(16, (thread) -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int i = 0; i < 20_000; i++) {
				if (i % 50 == 0) {
					this.clock.advance(Duration.ofMillis(1));
				}
				RecordScope scope = scope("key-" + random.nextInt(300));
				String token = Tokens.next();
				boolean abandoned = random.nextInt(5) == 0;
				if (concurrent.claim(scope, token, abandoned ? Duration.ofMillis(5) : HOUR)
					.status() != Status.ACQUIRED || abandoned) {
					continue;
				}
				switch (random.nextInt(4)) {
					case 0 -> concurrent.release(scope, token);
					case 1 -> concurrent.delete(scope);
					default -> {
						if (!concurrent.extend(scope, token, HOUR) || !concurrent.complete(scope, token, HOUR, null)) {
							lost.incrementAndGet();
						}
					}
				}
			}
		});
		removals.shutdown();
		assertThat(removals.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(lost).as("live claims lost").hasValue(0);
		assertThat(concurrent.size()).isLessThanOrEqualTo(100);
		assertThat(concurrent.evictionOrderSize()).isEqualTo(concurrent.size());
	}

	private void runWaiting() {
		List<Runnable> tasks = List.copyOf(this.waiting);
		this.waiting.clear();
		tasks.forEach(Runnable::run);
	}

	private List<String> foundKeys(int from, int to) {
		return IntStream.range(from, to)
			.mapToObj((i) -> "done-" + i)
			.filter((key) -> this.store.find(scope(key)).map(IdempotencyRecord::status).isPresent())
			.toList();
	}

	private void completeAll(int from, int to) {
		IntStream.range(from, to).forEach((i) -> complete("done-" + i));
	}

	private String claim(String key, Duration lease) {
		ClaimResult claim = this.store.claim(scope(key), Tokens.next(), lease);
		assertThat(claim.status()).isEqualTo(Status.ACQUIRED);
		return claim.token();
	}

	private void complete(String key) {
		String token = claim(key, HOUR);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.store.complete(scope(key), token, HOUR, null)).isTrue();
	}

	private static RecordScope scope(String key) {
		return new RecordScope("orders-service", "payments", key);
	}

}
