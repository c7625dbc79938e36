package dev.idempotency.core;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.idempotency.store.ExpiredRecordDeletion;
import dev.idempotency.store.IdempotencyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Deletes the expired records of a store that keeps them (see
 * {@link IdempotencyStore#expiredRecordDeletion()}) on a schedule, on a daemon thread of its own,
 * and reports each run as a {@link StoreOperation#CLEANUP} request. For a store whose records
 * expire by themselves it schedules nothing.
 */
public class RecordCleanup implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RecordCleanup.class);

	private final @Nullable ExpiredRecordDeletion deletion;

	private final String storeDescription;

	private final int batchSize;

	private final StoreRequests requests;

	private final @Nullable ScheduledThreadPoolExecutor scheduler;

	/**
	 * Start cleaning up, if the store keeps expired records: the first run is one interval from
	 * now.
	 * @param store the store
	 * @param interval the time between the end of one run and the start of the next
	 * @param batchSize the most records deleted by one statement
	 * @param listener observes each run
	 */
	public RecordCleanup(IdempotencyStore store, Duration interval, int batchSize, IdempotencyListener listener) {
		this.deletion = store.expiredRecordDeletion().orElse(null);
		this.storeDescription = store.description();
		this.batchSize = batchSize;
		this.requests = new StoreRequests(listener);
		this.scheduler = (this.deletion != null) ? schedule(interval) : null;
	}

	private ScheduledThreadPoolExecutor schedule(Duration interval) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("idempotency-cleanup-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads);
		scheduler.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
		return scheduler;
	}

	/**
	 * Whether the store keeps expired records, so that they are deleted on a schedule.
	 * @return {@code true} if runs are scheduled
	 */
	public boolean isScheduled() {
		return this.scheduler != null;
	}

	/**
	 * Delete the expired records now.
	 * @return the number deleted, or {@code -1} if the store failed; {@code 0} if it keeps no
	 * expired records
	 */
	public int run() {
		ExpiredRecordDeletion deletion = this.deletion;
		if (deletion == null) {
			return 0;
		}
		try {
			int deleted = this.requests.timed(StoreOperation.CLEANUP, () -> deletion.deleteExpired(this.batchSize));
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " expired idempotency records from " + this.storeDescription);
			}
			return deleted;
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to delete expired idempotency records from " + this.storeDescription
					+ "; trying again at the next cleanup: " + StoreRequests.reason(ex));
			return -1;
		}
	}

	@Override
	public void close() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
	}

}
