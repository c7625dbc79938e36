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
	 * Run {@code completion} until it answers, or half of {@code lease} has passed.
	 * @param <T> the type of the answer
	 * @param lease the lease of the claim
	 * @param completion one attempt
	 * @return the answer, and whether it came from a later attempt
	 * @throws RuntimeException the failure of the last attempt
	 */
	<T> Answer<T> call(Duration lease, Supplier<T> completion) {
		long deadline = System.nanoTime() + lease.toNanos() / 2;
		try {
			return new Answer<>(completion.get(), false);
		}
		catch (RuntimeException ex) {
			return retry(deadline, completion, ex);
		}
	}

	/**
	 * Try again, with back-off, after the first attempt failed with {@code firstFailure}.
	 */
	private <T> Answer<T> retry(long deadline, Supplier<T> completion, RuntimeException firstFailure) {
		BackOffExecution execution = this.backOff.start();
		RuntimeException failure = firstFailure;
		while (true) {
			long pause = TimeUnit.MILLISECONDS.toNanos(execution.nextBackOff());
			if (System.nanoTime() + pause > deadline || !sleep(pause)) {
				throw failure;
			}
			try {
				return new Answer<>(completion.get(), true);
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

	/**
	 * What the store answered.
	 *
	 * @param <T> the type of the answer
	 * @param value what the store answered
	 * @param retried whether an earlier attempt failed, so that it may have completed records
	 * without the answer arriving
	 */
	record Answer<T>(T value, boolean retried) {
	}

}
