package dev.idempotency.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An {@link IdempotencyStore} in a {@link ConcurrentHashMap}, for development, tests and single
 * instance applications. Records are lost when the JVM stops and are not shared between JVMs.
 *
 * <p>Each operation is one {@code compute} on the map, so it is atomic per record. Completed
 * records are also named in a queue, in completion order, which decides what is evicted first.
 * The store is bounded, the map and the queue alike: when a claim takes it past
 * {@code maxEntries} records, or a completion takes the queue past {@code maxEntries} names, it
 * removes expired records and the names of records expired, replaced or removed since, then
 * evicts the oldest completed records until it is a tenth below the bound. A live claim is never
 * evicted, so the bound can be exceeded while more claims than {@code maxEntries} are in
 * progress; a completion then evicts nothing, and the queue names at most the completed records
 * plus a tenth of the bound.
 *
 * <p>Eviction goes by completion order, not by expiry: with per-consumer ttls, a record with a
 * long ttl can be evicted before a later one with a short ttl, and a full store of live records
 * evicts the oldest even when another would expire sooner. Expiry order would need a sorted
 * structure and a lock on every completion; completion order keeps each operation O(1)
 * amortized: a cleanup walks the map and the queue once, at most once every tenth of the bound
 * of claims or completions.
 */
public class InMemoryIdempotencyStore implements IdempotencyStore {

	private final Map<RecordScope, Entry> records = new ConcurrentHashMap<>();

	/** Completed records in completion order, oldest first; may name records gone since. */
	private final CompletionQueue<Entry> completions = new CompletionQueue<>();

	private final AtomicBoolean cleaning = new AtomicBoolean();

	private final int maxEntries;

	/** The size that cleanups evict down to: a tenth below the bound. */
	private final int evictTo;

	/** Records above which a claim cleans up: the bound, or more while live claims exceed it. */
	private volatile int recordLimit;

	/** Names above which a completion cleans up: the bound, or more while records exceed it. */
	private volatile int queueLimit;

	private final Clock clock;

	/**
	 * Create a store bounded to {@code maxEntries} records, on the system clock.
	 * @param maxEntries the number of records above which old ones are evicted
	 */
	public InMemoryIdempotencyStore(int maxEntries) {
		this(maxEntries, Clock.systemUTC());
	}

	/**
	 * Create a store bounded to {@code maxEntries} records that reads time from {@code clock}.
	 * @param maxEntries the number of records above which old ones are evicted
	 * @param clock the clock that decides expiry
	 */
	public InMemoryIdempotencyStore(int maxEntries, Clock clock) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		this.maxEntries = maxEntries;
		this.evictTo = maxEntries - maxEntries / 10;
		this.recordLimit = maxEntries;
		this.queueLimit = maxEntries;
		this.clock = clock;
	}

	@Override
	public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
		Instant now = this.clock.instant();
		ClaimResult[] answer = new ClaimResult[1];
		this.records.compute(scope, (key, entry) -> {
			if (entry != null && entry.isLive(now) && !entry.isOwnedBy(token)) {
				answer[0] = (entry.status == RecordStatus.COMPLETED)
						? ClaimResult.duplicate(entry.result, entry.fingerprint) : ClaimResult.inProgress(entry.fingerprint);
				return entry;
			}
			answer[0] = ClaimResult.acquired(token);
			return Entry.inProgress(token, now.plus(lease), fingerprint);
		});
		if (answer[0].status() == ClaimResult.Status.ACQUIRED && this.records.size() > this.recordLimit) {
			cleanUp(now, true);
		}
		return answer[0];
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		Instant now = this.clock.instant();
		Entry completed = updateClaim(scope, token, now, (entry) -> entry.completed(now.plus(ttl), result));
		if (completed == null) {
			return false;
		}
		if (this.completions.add(scope, completed) > this.queueLimit) {
			cleanUp(now, false);
		}
		return true;
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		Instant now = this.clock.instant();
		return updateClaim(scope, token, now,
				(entry) -> Entry.inProgress(token, now.plus(lease), entry.fingerprint)) != null;
	}

	@Override
	public void release(RecordScope scope, String token) {
		this.records.computeIfPresent(scope, (key, entry) -> entry.isOwnedBy(token) ? null : entry);
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordScope scope) {
		Entry entry = this.records.get(scope);
		if (entry == null || !entry.isLive(this.clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(new IdempotencyRecord(scope, entry.status, entry.token, entry.expiresAt, entry.result,
				entry.fingerprint));
	}

	@Override
	public boolean delete(RecordScope scope) {
		Entry removed = this.records.remove(scope);
		return removed != null && removed.isLive(this.clock.instant());
	}

	@Override
	public String type() {
		return "memory";
	}

	/**
	 * Return the number of records held, including expired ones not yet evicted.
	 * @return the number of records
	 */
	public int size() {
		return this.records.size();
	}

	/**
	 * Return the number of names in the completion queue, counted by walking it; for tests.
	 * @return the length of the completion queue
	 */
	int completionsSize() {
		return this.completions.walkedSize();
	}

	/**
	 * Apply {@code update} to the record if {@code token} holds a live claim on it.
	 * @return the updated entry, or {@code null} if the claim is lost
	 */
	private @Nullable Entry updateClaim(RecordScope scope, String token, Instant now, UnaryOperator<Entry> update) {
		Entry[] updated = new Entry[1];
		this.records.computeIfPresent(scope, (key, entry) -> {
			updated[0] = (entry.isOwnedBy(token) && entry.isLive(now)) ? update.apply(entry) : null;
			return (updated[0] != null) ? updated[0] : entry;
		});
		return updated[0];
	}

	/**
	 * Remove expired records and stale names, then evict the oldest completed records: at a
	 * claim until the map, at a completion until the queue, is a tenth below the bound. At a
	 * completion nothing live is evicted while live claims hold the store past its bound.
	 * @param claimed whether a claim, rather than a completion, passed the bound
	 */
	private void cleanUp(Instant now, boolean claimed) {
		if (!this.cleaning.compareAndSet(false, true)) {
			return;
		}
		try {
			this.records.values().removeIf((entry) -> !entry.isLive(now));
			this.completions.dropStale(this.records);
			if (claimed || this.records.size() <= this.maxEntries) {
				evictOldestCompleted(claimed);
			}
			int step = Math.max(1, this.maxEntries / 10);
			int queued = this.completions.size();
			this.queueLimit = Math.max(this.maxEntries, queued + step);
			this.recordLimit = (queued == 0) ? Math.max(this.maxEntries, this.records.size() + step) : this.maxEntries;
		}
		finally {
			this.cleaning.set(false);
		}
	}

	private void evictOldestCompleted(boolean claimed) {
		CompletionQueue.Name<Entry> oldest;
		while ((claimed ? this.records.size() : this.completions.size()) > this.evictTo
				&& (oldest = this.completions.poll()) != null) {
			Entry evicted = oldest.entry();
			this.records.computeIfPresent(oldest.scope(), (key, entry) -> (entry == evicted) ? null : entry);
		}
	}

	private record Entry(RecordStatus status, @Nullable String token, Instant expiresAt,
			@Nullable String result, @Nullable String fingerprint) {

		static Entry inProgress(String token, Instant leaseEnd, @Nullable String fingerprint) {
			return new Entry(RecordStatus.IN_PROGRESS, token, leaseEnd, null, fingerprint);
		}

		Entry completed(Instant expiresAt, @Nullable String result) {
			return new Entry(RecordStatus.COMPLETED, null, expiresAt, result, this.fingerprint);
		}

		boolean isLive(Instant now) {
			return now.isBefore(this.expiresAt);
		}

		boolean isOwnedBy(String token) {
			return this.status == RecordStatus.IN_PROGRESS && token.equals(this.token);
		}

	}

}
