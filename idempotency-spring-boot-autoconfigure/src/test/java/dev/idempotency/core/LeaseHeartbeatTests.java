package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.store.RecordScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LeaseHeartbeat}.
 */
class LeaseHeartbeatTests {

	private static final RecordScope SCOPE = new RecordScope("orders", "payments", "p-1");

	@Test
	void extendsUntilClosed() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			AtomicInteger extensions = new AtomicInteger();
			LeaseHeartbeat.Beat beat = heartbeat.start(SCOPE, () -> extensions.incrementAndGet() > 0,
					Duration.ofMillis(90));
			await().atMost(Duration.ofSeconds(5)).until(() -> extensions.get() >= 3);
			beat.close();
			int afterClose = extensions.get();
			await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
				.until(() -> extensions.get() <= afterClose + 1);
		}
	}

	@Test
	void stopsWhenTheClaimIsLost() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			AtomicInteger extensions = new AtomicInteger();
			heartbeat.start(SCOPE, () -> extensions.incrementAndGet() < 2, Duration.ofMillis(30));
			await().atMost(Duration.ofSeconds(5)).until(() -> extensions.get() == 2);
			await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> extensions.get() == 2);
		}
	}

	@Test
	void keepsBeatingThroughStoreErrors() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			AtomicInteger attempts = new AtomicInteger();
			LeaseHeartbeat.Beat beat = heartbeat.start(SCOPE, () -> {
				if (attempts.incrementAndGet() <= 2) {
					throw new IllegalStateException("store unreachable");
				}
				return true;
			}, Duration.ofMillis(30));
			await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 4);
			beat.close();
			assertThat(attempts.get()).isGreaterThanOrEqualTo(4);
		}
	}

}
