package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

	/** How many beats started since the tick make the heartbeat arm them without waiting for it. */
	static final int ARM_EVERY = 4096;

	private final ScheduledThreadPoolExecutor scheduler;

	private final long tickNanos;

	private final ScheduledFuture<?> tick;

	/** The last beat started since the tick, linked to those started before it. */
	private final AtomicReference<@Nullable Beat> unarmed = new AtomicReference<>();

	/**
	 * Create a heartbeat with its own daemon thread.
	 */
	public LeaseHeartbeat() {
		this(Duration.ofSeconds(1));
	}

	LeaseHeartbeat(Duration tick) {
		this.tickNanos = tick.toNanos();
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads());
		this.scheduler.setRemoveOnCancelPolicy(true);
		// Most bodies end long before their first extension is due, so a beat enters the
		// scheduler's queue only at the tick after its start, if it is still open then. Due sooner
		// than any beat, the tick also keeps the head of that queue, so that a beat scheduled at
		// its start wakes the scheduler thread only for a lease under 3 ticks.
		this.tick = this.scheduler.scheduleAtFixedRate(this::arm, this.tickNanos, this.tickNanos,
				TimeUnit.NANOSECONDS);
	}

	/**
	 * Start extending a claim every third of {@code lease}.
	 * @param scope the claimed record, as named in logs
	 * @param extend extends the claim once, answering whether it was still held
	 * @param lease the lease of the claim
	 * @return the running beat, to close when the body ends
	 */
	public Beat start(RecordScope scope, BooleanSupplier extend, Duration lease) {
		long period = TimeUnit.MILLISECONDS.toNanos(Math.max(1, lease.toMillis() / 3));
		Beat beat = new Beat(scope, extend, System.nanoTime(), period);
		// The first tick after a beat's start schedules it within a tick, or later if that tick runs
		// late: a beat due within two ticks is scheduled now.
		if (period < 2 * this.tickNanos) {
			beat.schedule(this.scheduler);
		}
		else if (this.scheduler.isShutdown()) {
			throw new RejectedExecutionException("The heartbeat is closed");
		}
		else if (link(beat) % ARM_EVERY == 0) {
			// Closed beats stay linked until they are armed: so that a busy heartbeat does not keep
			// a tick's worth of them for the garbage collector to copy, it arms them sooner.
			this.scheduler.execute(this::arm);
		}
		return beat;
	}

	private int link(Beat beat) {
		Beat last;
		do {
			last = this.unarmed.get();
			beat.next = last;
			beat.waiting = (last != null) ? last.waiting + 1 : 1;
		}
		while (!this.unarmed.compareAndSet(last, beat));
		return beat.waiting;
	}

	private void arm() {
		Beat beat = this.unarmed.getAndSet(null);
		while (beat != null) {
			beat.schedule(this.scheduler);
			Beat next = beat.next;
			// An open beat lives on in the scheduler: it must not keep those started before it.
			beat.next = null;
			beat = next;
		}
	}

	/**
	 * Return how many beats wait for the tick or are scheduled, for tests.
	 */
	int beats() {
		int beats = (int) this.scheduler.getQueue().stream().filter((task) -> task != this.tick).count();
		for (Beat beat = this.unarmed.get(); beat != null; beat = beat.next) {
			beats++;
		}
		return beats;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.unarmed.set(null);
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

		private final long start;

		private final long period;

		/** Null once closed, so that a closed beat waiting for the tick holds nothing of its body. */
		private volatile @Nullable BooleanSupplier extend;

		private volatile @Nullable ScheduledFuture<?> future;

		/** The beat started before this one, while both wait for the tick. */
		private @Nullable Beat next;

		/** How many beats waited for the tick when this one was linked, itself included. */
		private int waiting;

		private Beat(RecordScope scope, BooleanSupplier extend, long start, long period) {
			this.scope = scope;
			this.start = start;
			this.period = period;
			this.extend = extend;
		}

		void schedule(ScheduledExecutorService scheduler) {
			if (this.extend != null) {
				ScheduledFuture<?> scheduled = scheduler.scheduleAtFixedRate(this,
						this.start + this.period - System.nanoTime(), this.period, TimeUnit.NANOSECONDS);
				this.future = scheduled;
				// close() clears extend before it reads the future: either it cancels this future or
				// this sees it closed.
				if (this.extend == null) {
					scheduled.cancel(false);
				}
			}
		}

		@Override
		public void run() {
			BooleanSupplier extension = this.extend;
			if (extension == null) {
				close();
				return;
			}
			try {
				if (!extension.getAsBoolean()) {
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
			this.extend = null;
			ScheduledFuture<?> scheduled = this.future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
