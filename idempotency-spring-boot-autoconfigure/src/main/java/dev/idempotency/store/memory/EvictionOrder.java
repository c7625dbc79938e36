package dev.idempotency.store.memory;

import java.util.Map;
import java.util.concurrent.Executor;

import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The records of an {@link InMemoryIdempotencyStore} in the order they are evicted, and their
 * count: the claims in the order their leases started (claim or extension), the completed records
 * in the order they completed. Each order is a list linked through the entries themselves, so
 * following a change and evicting a record each take constant time, whatever the store holds.
 *
 * <p>When a new record takes the store past {@code maxEntries}, the oldest claim is evicted if
 * its lease has lapsed, else the oldest completed record; a live claim never is. With nothing to
 * evict the new record stays, and the store holds more than {@code maxEntries} records until
 * later claims can evict completed ones again.
 *
 * <p>An evicted record leaves this order at once, and the map through {@link EvictedRecords}: at
 * once as well, or a batch at a time in the background.
 *
 * <p>The store changes its map first and then tells this order, never while it holds a lock of
 * the map, and this order removes the records it evicts from the map under its own lock or under
 * none: locks are always taken in that order. Only the evicted entry is removed, so a record
 * changed since it was evicted stays. A change told late (a record replaced again before its
 * first change was told) is recognised by the entry's {@code gone} mark.
 */
final class EvictionOrder {

	private final int maxEntries;

	private final Chain claims = new Chain();

	private final Chain completions = new Chain();

	private final EvictedRecords evictedRecords;

	private int size;

	/**
	 * Create the order of the records of a store.
	 * @param background the executor that removes evicted records from the map, or {@code null}
	 * to remove each at once
	 */
	EvictionOrder(Map<RecordScope, RecordEntry> records, int maxEntries, @Nullable Executor background) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		this.maxEntries = maxEntries;
		this.evictedRecords = new EvictedRecords(records, maxEntries, background);
	}

	/**
	 * Follow one change the store made in its map: {@code replaced} left it, {@code added} took
	 * its place. A new record (nothing replaced) evicts old ones while the store is past its bound.
	 * @param now the time of the change in nanoseconds since the epoch, which decides whether a
	 * lease has lapsed
	 */
	void follow(@Nullable RecordEntry replaced, @Nullable RecordEntry added, long now) {
		RecordEntry[] full = followAndEvict(replaced, added, now);
		if (full != null) {
			this.evictedRecords.removeInBackground(full);
		}
	}

	/**
	 * Follow the change and evict; return a batch of evicted records this filled, if any.
	 */
	private synchronized RecordEntry @Nullable [] followAndEvict(@Nullable RecordEntry replaced,
			@Nullable RecordEntry added, long now) {
		if (replaced != null) {
			unlink(replaced);
		}
		if (added != null && !added.gone) {
			chainOf(added).append(added);
			added.linked = true;
			this.size++;
		}
		RecordEntry[] full = null;
		while (replaced == null && this.size > this.maxEntries) {
			RecordEntry evicted = oldestEvictable(now);
			if (evicted == null) {
				break;
			}
			unlink(evicted);
			RecordEntry[] filled = this.evictedRecords.add(evicted);
			if (filled != null) {
				if (full != null) {
					// more than a batch evicted at once, after many live claims ended
					this.evictedRecords.remove(full);
				}
				full = filled;
			}
		}
		return full;
	}

	/**
	 * Count the entries of both orders by walking them, for tests.
	 */
	synchronized int walkedSize() {
		return this.claims.walkedSize() + this.completions.walkedSize();
	}

	private @Nullable RecordEntry oldestEvictable(long now) {
		RecordEntry oldestClaim = this.claims.oldest;
		return (oldestClaim != null && !oldestClaim.isLive(now)) ? oldestClaim : this.completions.oldest;
	}

	private void unlink(RecordEntry entry) {
		entry.gone = true;
		if (entry.linked) {
			chainOf(entry).remove(entry);
			entry.linked = false;
			this.size--;
		}
	}

	private Chain chainOf(RecordEntry entry) {
		return (entry.status == RecordStatus.IN_PROGRESS) ? this.claims : this.completions;
	}

	/**
	 * Entries linked oldest to newest.
	 */
	private static final class Chain {

		@Nullable RecordEntry oldest;

		@Nullable RecordEntry newest;

		void append(RecordEntry entry) {
			RecordEntry last = this.newest;
			entry.older = last;
			entry.newer = null;
			if (last == null) {
				this.oldest = entry;
			}
			else {
				last.newer = entry;
			}
			this.newest = entry;
		}

		void remove(RecordEntry entry) {
			RecordEntry older = entry.older;
			RecordEntry newer = entry.newer;
			if (older == null) {
				this.oldest = newer;
			}
			else {
				older.newer = newer;
			}
			if (newer == null) {
				this.newest = older;
			}
			else {
				newer.older = older;
			}
			entry.older = null;
			entry.newer = null;
		}

		int walkedSize() {
			int count = 0;
			for (RecordEntry entry = this.oldest; entry != null; entry = entry.newer) {
				count++;
			}
			return count;
		}

	}

}
