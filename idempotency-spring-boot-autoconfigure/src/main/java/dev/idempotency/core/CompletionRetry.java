package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Retries the completion of a record through a short store outage. A body that has run must be
 * recorded, or a copy may run it again once the claim lapses; so the completion is tried again with
 * back-off for up to half the lease, which the claim outlives even if its last heartbeat was a
 * third of a lease ago.
 */
final class CompletionRetry {

	private final ExponentialBackOff backOff;

	CompletionRetry(Duration initialInterval, Duration maxInterval) {
		this.backOff = new ExponentialBackOff(initialInterval.toMillis(), 2.0);
		this.backOff.setMaxInterval(maxInterval.toMillis());
	}

	/**
	 * Run {@code completion} again, with back-off, after its first attempt failed with
	 * {@code firstFailure}, until it answers or half of {@code lease} has passed since the first
	 * attempt started. The caller makes the first attempt itself, so that a completion that
	 * succeeds at once costs nothing here.
	 * @param <T> the type of the answer
	 * @param started when the first attempt started, from {@link System#nanoTime()}
	 * @param lease the lease of the claim
	 * @param firstFailure the failure of the first attempt
	 * @param completion one attempt
	 * @return the answer of a later attempt
	 * @throws RuntimeException the failure of the last attempt
	 */
	<T> T retry(long started, Duration lease, RuntimeException firstFailure, Supplier<T> completion) {
		long deadline = started + lease.toNanos() / 2;
		BackOffExecution execution = this.backOff.start();
		RuntimeException failure = firstFailure;
		while (true) {
			long pause = TimeUnit.MILLISECONDS.toNanos(execution.nextBackOff());
			if (System.nanoTime() + pause > deadline || !sleep(pause)) {
				throw failure;
			}
			try {
				return completion.get();
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
	}

	private static boolean sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
