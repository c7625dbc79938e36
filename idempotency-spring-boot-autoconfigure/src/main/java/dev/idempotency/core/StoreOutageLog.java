package dev.idempotency.core;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Makes a store outage visible while the gate refuses deliveries for it: a WARN that names the
 * store's address, the listeners and the policy when the first delivery is refused, then at most
 * one every {@code interval} with the count refused since, and an INFO when the store answers
 * again. Refused deliveries are handed back to the broker, so they are retried silently otherwise.
 */
final class StoreOutageLog {

	private static final Log logger = LogFactory.getLog(IdempotencyGate.class);

	private final String store;

	private final long intervalNanos;

	private volatile boolean refusing;

	private long startedAt;

	private long reportedAt;

	private long refusedSinceReport;

	private long refusedInAll;

	private final Set<String> consumers = new TreeSet<>();

	StoreOutageLog(String store, Duration interval) {
		this.store = store;
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * A delivery of {@code consumer} was refused because the store failed with {@code reason}.
	 */
	synchronized void refused(String consumer, String reason) {
		long now = System.nanoTime();
		this.consumers.add(consumer);
		this.refusedSinceReport++;
		this.refusedInAll++;
		if (!this.refusing) {
			this.refusing = true;
			this.startedAt = now;
			this.reportedAt = now;
			this.refusedSinceReport = 0;
			logger.warn("The idempotency store (" + this.store + ") is not answering: " + reason + ". Deliveries of "
					+ this.consumers + " are refused and handed back to the broker to be delivered again "
					+ "(idempotency.on-store-error=reject): nothing is lost, and nothing runs until the store answers.");
		}
		else if (now - this.reportedAt >= this.intervalNanos) {
			logger.warn("The idempotency store (" + this.store + ") is still not answering: " + reason + "; "
					+ this.refusedSinceReport + " deliveries of " + this.consumers + " refused in the last "
					+ seconds(now - this.reportedAt) + " s (idempotency.on-store-error=reject).");
			this.reportedAt = now;
			this.refusedSinceReport = 0;
		}
	}

	/**
	 * The store answered a request.
	 */
	void answered() {
		if (this.refusing) {
			ended();
		}
	}

	private synchronized void ended() {
		if (!this.refusing) {
			return;
		}
		logger.info("The idempotency store (" + this.store + ") answers again after " + seconds(System.nanoTime()
				- this.startedAt) + " s; " + this.refusedInAll + " deliveries refused meanwhile are delivered again.");
		this.refusing = false;
		this.refusedInAll = 0;
		this.refusedSinceReport = 0;
		this.consumers.clear();
	}

	private static long seconds(long nanos) {
		return TimeUnit.NANOSECONDS.toSeconds(nanos);
	}

}
