package dev.idempotency.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Each operation is one {@code compute} on the map, so it is atomic per record. The store is
 * bounded: when it holds more than {@code maxEntries} records it removes expired ones first,
 * then the oldest completed ones until it is a tenth below the bound. A live claim is never
 * evicted, so the bound can be exceeded while more claims than {@code maxEntries} are in
 * progress.
 */
public class InMemoryIdempotencyStore implements IdempotencyStore {

	private final Map<RecordScope, Entry> records = new ConcurrentHashMap<>();

	/** Completed records in completion order, oldest first; may name records gone since. */
	private final Queue<RecordScope> completions = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean evicting = new AtomicBoolean();

	private final int maxEntries;

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
		if (answer[0].status() == ClaimResult.Status.ACQUIRED) {
			evictIfFull(now);
		}
		return answer[0];
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		Instant now = this.clock.instant();
		boolean completed = updateClaim(scope, token, now, (entry) -> entry.completed(now.plus(ttl), result));
		if (completed) {
			this.completions.add(scope);
		}
		return completed;
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		Instant now = this.clock.instant();
		return updateClaim(scope, token, now, (entry) -> Entry.inProgress(token, now.plus(lease), entry.fingerprint));
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

	private boolean updateClaim(RecordScope scope, String token, Instant now,
			UnaryOperator<Entry> update) {
		boolean[] updated = new boolean[1];
		this.records.computeIfPresent(scope, (key, entry) -> {
			updated[0] = entry.isOwnedBy(token) && entry.isLive(now);
			return updated[0] ? update.apply(entry) : entry;
		});
		return updated[0];
	}

	private void evictIfFull(Instant now) {
		if (this.records.size() <= this.maxEntries || !this.evicting.compareAndSet(false, true)) {
			return;
		}
		try {
			this.records.values().removeIf((entry) -> !entry.isLive(now));
			int excess = this.records.size() - (this.maxEntries - this.maxEntries / 10);
			if (excess > 0) {
				evictOldestCompleted(excess);
			}
		}
		finally {
			this.evicting.set(false);
		}
	}

	private void evictOldestCompleted(int count) {
		int evicted = 0;
		RecordScope oldest;
		while (evicted < count && (oldest = this.completions.poll()) != null) {
			Entry entry = this.records.get(oldest);
			if (entry != null && entry.status == RecordStatus.COMPLETED && this.records.remove(oldest, entry)) {
				evicted++;
			}
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
