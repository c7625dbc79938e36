package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.store.ClaimResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting for a claim held by another delivery.
 */
class InProgressWaitTests {

	private final InProgressWait wait = new InProgressWait(Duration.ofMillis(5), Duration.ofMillis(20));

	private final AtomicInteger claims = new AtomicInteger();

	@Test
	void claimsAgainUntilTheAnswerIsNoLongerInProgress() {
		ClaimResult result = this.wait.await(Duration.ofMinutes(1),
				() -> (this.claims.incrementAndGet() < 3) ? ClaimResult.inProgress() : ClaimResult.acquired("t-1"));
		assertThat(result).isEqualTo(ClaimResult.acquired("t-1"));
		assertThat(this.claims).hasValue(3);
	}

	@Test
	void endsWithADuplicateWhenTheHolderCompletes() {
		ClaimResult result = this.wait.await(Duration.ofMinutes(1),
				() -> (this.claims.incrementAndGet() < 2) ? ClaimResult.inProgress() : ClaimResult.duplicate("r"));
		assertThat(result).isEqualTo(ClaimResult.duplicate("r"));
		assertThat(this.claims).hasValue(2);
	}

	@Test
	void givesUpAfterTheLease() {
		long start = System.nanoTime();
		ClaimResult result = this.wait.await(Duration.ofMillis(200), () -> {
			this.claims.incrementAndGet();
			return ClaimResult.inProgress();
		});
		assertThat(result).isEqualTo(ClaimResult.inProgress());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(this.claims).hasValueGreaterThan(1);
	}

	@Test
	void interruptionEndsTheWaitAndKeepsTheInterruptFlag() {
		Thread.currentThread().interrupt();
		try {
			ClaimResult result = this.wait.await(Duration.ofMinutes(1), () -> {
				this.claims.incrementAndGet();
				return ClaimResult.acquired("t-1");
			});
			assertThat(result).isEqualTo(ClaimResult.inProgress());
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(this.claims).hasValue(0);
		}
		finally {
			Thread.interrupted();
		}
	}

}
