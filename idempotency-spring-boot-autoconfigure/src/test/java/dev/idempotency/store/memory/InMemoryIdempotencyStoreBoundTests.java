package dev.idempotency.store.memory;

import java.time.Duration;
import java.time.Instant;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.RecordScope;
import dev.idempotency.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The in-memory store stays within {@code maxEntries} in every structure it keeps, whatever the
 * ttl: millions of messages through a store bounded to a thousand records. The clock advances
 * {@value #MICROS_PER_MESSAGE} µs per message, so a record's 1 ms ttl is over long before the
 * store fills.
 */
class InMemoryIdempotencyStoreBoundTests {

	private static final int MAX_ENTRIES = 1000;

	private static final int MESSAGES = 2_000_000;

	private static final long MICROS_PER_MESSAGE = 10;

	private static final Duration TTL = Duration.ofMillis(1);

	private static final Duration LEASE = Duration.ofMinutes(5);

	private static final Duration STEP = Duration.ofNanos(MICROS_PER_MESSAGE * 1000);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(MAX_ENTRIES, this.clock);

	@Test
	void newKeysWithATtlShorterThanTheFillTimeStayWithinTheBound() {
		for (int i = 0; i < MESSAGES; i++) {
			process("order-" + i, TTL);
			assertWithinBound(i);
		}
		assertWithinBound(0);
		assertThat(this.store.claim(scope("order-" + (MESSAGES - 1)), "late", LEASE).status())
			.isEqualTo(Status.DUPLICATE);
	}

	@Test
	void keysProcessedAgainAfterTheirTtlStayWithinTheBound() {
		for (int i = 0; i < MESSAGES; i++) {
			process("order-" + (i % 500), TTL);
			assertWithinBound(i);
		}
		assertWithinBound(0);
		assertThat(this.store.size()).isEqualTo(500);
	}

	@Test
	void shortLivedKeysBesideANearlyFullStoreOfLiveRecordsStayWithinTheBound() {
		for (int i = 0; i < 850; i++) {
			process("kept-" + i, Duration.ofDays(7));
		}
		for (int i = 0; i < MESSAGES; i++) {
			process("order-" + (i % 150), TTL);
			assertWithinBound(i);
		}
		assertWithinBound(0);
	}

	/**
	 * Claim and complete one message, as the gate does, checking the answers without building an
	 * assertion per message.
	 */
	private void process(String key, Duration ttl) {
		RecordScope scope = scope(key);
		ClaimResult claim = this.store.claim(scope, key, LEASE);
		if (claim.status() != Status.ACQUIRED) {
			fail("Claim of %s answered %s", key, claim);
		}
		this.clock.advance(STEP);
		if (!this.store.complete(scope, key, ttl, null)) {
			fail("Completion of %s lost its claim", key);
		}
	}

	/**
	 * Check the bound every 997th message (the eviction order is counted by walking it): the
	 * structures must be within it after every operation, and the eviction order must name
	 * exactly the records held, no entry that is gone.
	 */
	private void assertWithinBound(int message) {
		if (message % 997 == 0) {
			assertThat(this.store.size()).as("records after %d messages", message).isLessThanOrEqualTo(MAX_ENTRIES);
			assertThat(this.store.evictionOrderSize()).as("eviction order after %d messages", message)
				.isEqualTo(this.store.size());
		}
	}

	private static RecordScope scope(String key) {
		return new RecordScope("orders-service", "payments", key);
	}

}
