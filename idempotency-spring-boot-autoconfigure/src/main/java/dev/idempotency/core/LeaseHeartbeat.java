package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Keeps the claims of running bodies alive: one shared scheduler thread extends each claim every
 * third of its lease until the body ends. A slow but live consumer therefore keeps its claim, and
 * only a crashed one's claim lapses. A beat that finds its claim lost stops; a failing store
 * request is logged and tried again at the next beat.
 */
public class LeaseHeartbeat implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LeaseHeartbeat.class);

	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Create a heartbeat with its own daemon thread.
	 */
	public LeaseHeartbeat() {
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads());
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Start extending a claim every third of {@code lease}.
	 * @param description the claim, as named in logs
	 * @param extend extends the claim once, answering whether it was still held
	 * @param lease the lease of the claim
	 * @return the running beat, to stop when the body ends
	 */
	public Beat start(String description, BooleanSupplier extend, Duration lease) {
		long period = Math.max(1, lease.toMillis() / 3);
		Beat beat = new Beat(description, extend);
		beat.future = this.scheduler.scheduleAtFixedRate(beat, period, period, TimeUnit.MILLISECONDS);
		return beat;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	private static CustomizableThreadFactory daemonThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("idempotency-heartbeat-");
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * The heartbeat of one claim.
	 */
	public static final class Beat implements Runnable {

		private final String description;

		private final BooleanSupplier extend;

		private volatile @Nullable ScheduledFuture<?> future;

		private Beat(String description, BooleanSupplier extend) {
			this.description = description;
			this.extend = extend;
		}

		@Override
		public void run() {
			try {
				if (!this.extend.getAsBoolean()) {
					logger.warn("The claim of " + this.description + " was lost while its listener ran; "
							+ "another delivery may run it too.");
					stop();
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to extend the claim of " + this.description + "; trying again: "
						+ ex.getMessage());
			}
		}

		/**
		 * Stop extending the claim.
		 */
		public void stop() {
			ScheduledFuture<?> scheduled = this.future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
