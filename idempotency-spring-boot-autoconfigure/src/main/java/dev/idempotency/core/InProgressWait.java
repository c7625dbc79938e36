package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.idempotency.store.ClaimResult;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Waits for a claim held by another delivery: claims again with exponential back-off until the
 * answer is no longer {@code IN_PROGRESS} or the lease (plus one interval) has passed. Since a
 * holder's lease lapses at most one lease after it was last taken or extended, a holder that
 * crashed is always taken over within the wait; only a live holder that keeps extending its
 * lease outlasts it.
 */
public class InProgressWait {

	private final ExponentialBackOff backOff;

	/**
	 * Create a wait that starts at {@code initialInterval} and grows by half each time up to
	 * {@code maxInterval}.
	 * @param initialInterval the first pause
	 * @param maxInterval the longest pause
	 */
	public InProgressWait(Duration initialInterval, Duration maxInterval) {
		this.backOff = new ExponentialBackOff(initialInterval.toMillis(), 1.5);
		this.backOff.setMaxInterval(maxInterval.toMillis());
	}

	/**
	 * Claim again until the claim is not in progress or the wait is over.
	 * @param lease the lease of the consumer, which bounds the wait
	 * @param claim claims the message once
	 * @return the last answer, still {@code IN_PROGRESS} if the wait ran out or was interrupted
	 */
	public ClaimResult await(Duration lease, Supplier<ClaimResult> claim) {
		long deadline = System.nanoTime() + lease.toNanos() + TimeUnit.MILLISECONDS.toNanos(this.backOff.getMaxInterval());
		BackOffExecution execution = this.backOff.start();
		ClaimResult result = ClaimResult.inProgress();
		long remaining;
		while (result.status() == ClaimResult.Status.IN_PROGRESS && (remaining = deadline - System.nanoTime()) > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(execution.nextBackOff()), remaining));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return result;
			}
			result = claim.get();
		}
		return result;
	}

}
