package dev.idempotency.store.memory;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * Removes the records an {@link EvictionOrder} evicts from the store's map: at once, or, given an
 * executor, a batch at a time in the background. The record evicted is the one nobody touched for
 * longest, cold in the CPU's caches; removing it hashes its key and finds its node in the map,
 * several cache misses that the background keeps off the path of messages. Until its batch is
 * removed an evicted record stays in the map and answers as before. While
 * {@value #PENDING_BATCHES} batches wait for the executor, or when it refuses one, callers remove
 * the next one themselves.
 */
final class EvictedRecords {

	private static final int PENDING_BATCHES = 4;

	private final Map<RecordScope, RecordEntry> records;

	private final @Nullable Executor background;

	private final AtomicInteger pendingBatches = new AtomicInteger();

	/** Guarded by the eviction order's lock, as is {@link #count}. */
	private RecordEntry[] batch;

	private int count;

	EvictedRecords(Map<RecordScope, RecordEntry> records, int maxEntries, @Nullable Executor background) {
		this.records = records;
		this.background = background;
		this.batch = new RecordEntry[(background != null) ? batchSize(maxEntries) : 0];
	}

	/**
	 * Return how many evicted records are removed together in the background: a hundredth of the
	 * store's bound, at most 256.
	 * @param maxEntries the bound of the store
	 * @return the size of a batch
	 */
	static int batchSize(int maxEntries) {
		return Math.max(1, Math.min(256, maxEntries / 100));
	}

	/**
	 * Take a record just evicted, under the eviction order's lock: remove it at once without a
	 * background executor, else add it to the batch.
	 * @return the batch, if this record filled it
	 */
	RecordEntry @Nullable [] add(RecordEntry evicted) {
		if (this.background == null) {
			this.records.remove(evicted.scope, evicted);
			return null;
		}
		this.batch[this.count++] = evicted;
		if (this.count < this.batch.length) {
			return null;
		}
		RecordEntry[] full = this.batch;
		this.batch = new RecordEntry[full.length];
		this.count = 0;
		return full;
	}

	/**
	 * Remove a full batch in the background, or on the calling thread when the executor is behind
	 * or refuses it.
	 * @param full the batch
	 */
	void removeInBackground(RecordEntry[] full) {
		Runnable removal = () -> {
			try {
				remove(full);
			}
			finally {
				this.pendingBatches.decrementAndGet();
			}
		};
		if (this.pendingBatches.incrementAndGet() <= PENDING_BATCHES && this.background != null) {
			try {
				this.background.execute(removal);
				return;
			}
			catch (RuntimeException ex) {
				// refused (RejectedExecutionException) or failed: removed on this thread instead
			}
		}
		removal.run();
	}

	/**
	 * Remove a full batch at once.
	 * @param full the batch
	 */
	void remove(RecordEntry[] full) {
		for (RecordEntry entry : full) {
			this.records.remove(entry.scope, entry);
		}
	}

}
