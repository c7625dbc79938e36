package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.idempotency.store.RecordScope;
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

	private static final long TICK_MILLIS = 1000;

	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Create a heartbeat with its own daemon thread.
	 */
	public LeaseHeartbeat() {
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads());
		this.scheduler.setRemoveOnCancelPolicy(true);
		// A task due sooner than any new beat keeps the head of the scheduler's queue, so that
		// starting and closing a beat wake the scheduler thread only for a lease under 3 s.
		this.scheduler.scheduleAtFixedRate(() -> {
		}, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Start extending a claim every third of {@code lease}.
	 * @param scope the claimed record, as named in logs
	 * @param extend extends the claim once, answering whether it was still held
	 * @param lease the lease of the claim
	 * @return the running beat, to close when the body ends
	 */
	public Beat start(RecordScope scope, BooleanSupplier extend, Duration lease) {
		long period = Math.max(1, lease.toMillis() / 3);
		Beat beat = new Beat(scope, extend);
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
	public static final class Beat implements Runnable, AutoCloseable {

		private final RecordScope scope;

		private final BooleanSupplier extend;

		private volatile @Nullable ScheduledFuture<?> future;

		private Beat(RecordScope scope, BooleanSupplier extend) {
			this.scope = scope;
			this.extend = extend;
		}

		@Override
		public void run() {
			try {
				if (!this.extend.getAsBoolean()) {
					logger.warn("The claim of message " + this.scope.key() + " of " + this.scope.consumer()
							+ " was lost while its listener ran; another delivery may run it too.");
					close();
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to extend the claim of message " + this.scope.key() + " of "
						+ this.scope.consumer() + "; trying again: " + StoreRequests.reason(ex));
			}
		}

		/**
		 * Stop extending the claim.
		 */
		@Override
		public void close() {
			ScheduledFuture<?> scheduled = this.future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
