package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.idempotency.store.ExpiringIdempotencyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Deletes the expired records of an {@link ExpiringIdempotencyStore} on a schedule, on a daemon
 * thread of its own, and reports each run as a {@link StoreOperation#CLEANUP} request.
 */
public class RecordCleanup implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RecordCleanup.class);

	private final ExpiringIdempotencyStore store;

	private final int batchSize;

	private final StoreRequests requests;

	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Start cleaning up: the first run is one interval from now.
	 * @param store the store
	 * @param interval the time between the end of one run and the start of the next
	 * @param batchSize the most records deleted by one statement
	 * @param listener observes each run
	 */
	public RecordCleanup(ExpiringIdempotencyStore store, Duration interval, int batchSize,
			IdempotencyListener listener) {
		this.store = store;
		this.batchSize = batchSize;
		this.requests = new StoreRequests(listener);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("idempotency-cleanup-");
		threads.setDaemon(true);
		this.scheduler = new ScheduledThreadPoolExecutor(1, threads);
		this.scheduler.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Delete the expired records now.
	 * @return the number deleted, or {@code -1} if the store failed
	 */
	public int run() {
		try {
			int deleted = this.requests.timed(StoreOperation.CLEANUP, () -> this.store.deleteExpired(this.batchSize));
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " expired idempotency records from " + this.store.description());
			}
			return deleted;
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to delete expired idempotency records from " + this.store.description()
					+ "; trying again at the next cleanup: " + StoreRequests.reason(ex));
			return -1;
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
