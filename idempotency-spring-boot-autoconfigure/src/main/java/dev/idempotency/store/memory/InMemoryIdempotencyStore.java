package dev.idempotency.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An {@link IdempotencyStore} in a {@link ConcurrentHashMap}, for development, tests and single
 * instance applications. Records are lost when the JVM stops and are not shared between JVMs.
 *
 * <p>Each operation changes the map in one atomic step per record: a claim of a new record is a
 * {@code putIfAbsent}, a claim that replaces an expired or own record a {@code compute}, a
 * completion or an extension a conditional {@code replace} of the entry it read, and a claim that
 * finds the record held answers from a plain read. Every change is then followed in an
 * {@link EvictionOrder}, in constant time: no operation walks the records.
 *
 * <p>The store holds at most {@code maxEntries} records (plus, for an instant, those that
 * concurrent claims are adding, and, when evicted records are removed in the background, those
 * waiting for it). A claim of a new record in a full store evicts one record: the
 * oldest claim if its lease has lapsed, else the record completed longest ago. A live claim is
 * never evicted, so while more than {@code maxEntries} claims are live the store holds them all,
 * and later claims evict completed records until it is back within the bound.
 *
 * <p>Completed records are evicted in completion order, not in expiry order: with several ttls, a
 * full store evicts the oldest completed record even when a younger one, with a shorter ttl, has
 * expired already, and an expired record stays (answering nothing) until its turn comes or its
 * message is claimed again. With one ttl both orders are the same. Expiry order would need a
 * sorted structure, so a logarithmic cost and a wider lock on every completion.
 *
 * <p>Expiry times are kept in nanoseconds since the epoch, as numbers: a lease or ttl that would
 * end after the year 2262 ends then, and the clock must read a time between the years 1678 and
 * 2262.
 */
public class InMemoryIdempotencyStore implements IdempotencyStore {

	private final Map<RecordScope, RecordEntry> records = new ConcurrentHashMap<>();

	private final EvictionOrder order;

	private final Clock clock;

	/**
	 * Create a store bounded to {@code maxEntries} records, on the system clock.
	 * @param maxEntries the number of records above which old ones are evicted
	 */
	public InMemoryIdempotencyStore(int maxEntries) {
		this(maxEntries, Clock.systemUTC());
	}

	/**
	 * Create a store bounded to {@code maxEntries} records that reads time from {@code clock}. A
	 * record evicted leaves the store before the claim that evicted it returns.
	 * @param maxEntries the number of records above which old ones are evicted
	 * @param clock the clock that decides expiry
	 */
	public InMemoryIdempotencyStore(int maxEntries, Clock clock) {
		this.order = new EvictionOrder(this.records, maxEntries, null);
		this.clock = clock;
	}

	/**
	 * Create a store bounded to {@code maxEntries} records that reads time from {@code clock} and
	 * removes the records it evicts in the background, on {@code removals}. The record evicted is
	 * the one nobody touched for longest, and removing it costs cache misses, a few hundred
	 * nanoseconds, which this keeps off the claiming thread. In exchange, evicted records leave the
	 * store a batch at a time (a hundredth of {@code maxEntries}, at most 256): until then they
	 * answer as if they were not evicted yet, and the store holds about four batches more than
	 * {@code maxEntries} when the executor is late, plus one for each thread evicting at that
	 * moment.
	 * @param maxEntries the number of records above which old ones are evicted
	 * @param clock the clock that decides expiry
	 * @param removals the executor that removes evicted records
	 */
	public InMemoryIdempotencyStore(int maxEntries, Clock clock, Executor removals) {
		Assert.notNull(removals, "removals must not be null");
		this.order = new EvictionOrder(this.records, maxEntries, removals);
		this.clock = clock;
	}

	@Override
	public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
		long now = now();
		RecordEntry found = this.records.get(scope);
		if (found == null) {
			RecordEntry added = RecordEntry.inProgress(scope, token, RecordEntry.after(now, lease), fingerprint);
			found = this.records.putIfAbsent(scope, added);
			if (found == null) {
				this.order.follow(null, added, now);
				return ClaimResult.acquired(token);
			}
		}
		if (found.holdsAgainst(token, now)) {
			return found.heldAnswer();
		}
		Change claim = new Change((key, entry) -> (entry != null && entry.holdsAgainst(token, now)) ? entry
				: RecordEntry.inProgress(key, token, RecordEntry.after(now, lease), fingerprint));
		RecordEntry held = this.records.compute(scope, claim);
		if (held != claim.added) {
			return held.heldAnswer();
		}
		this.order.follow(claim.replaced, held, now);
		return ClaimResult.acquired(token);
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		long now = now();
		return updateClaim(scope, token, now, (entry) -> entry.completed(RecordEntry.after(now, ttl), result));
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		long now = now();
		return updateClaim(scope, token, now, (entry) -> entry.extended(RecordEntry.after(now, lease)));
	}

	@Override
	public void release(RecordScope scope, String token) {
		Change release = new Change((key, entry) -> (entry != null && entry.isOwnedBy(token)) ? null : entry);
		this.records.computeIfPresent(scope, release);
		if (release.replaced != null) {
			this.order.follow(release.replaced, null, now());
		}
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordScope scope) {
		RecordEntry entry = this.records.get(scope);
		if (entry == null || !entry.isLive(now())) {
			return Optional.empty();
		}
		return Optional.of(entry.toRecord());
	}

	@Override
	public boolean delete(RecordScope scope) {
		RecordEntry removed = this.records.remove(scope);
		if (removed == null) {
			return false;
		}
		long now = now();
		this.order.follow(removed, null, now);
		return removed.isLive(now);
	}

	@Override
	public String type() {
		return "memory";
	}

	/**
	 * Return the number of records held, including expired ones not yet evicted and evicted ones
	 * not yet removed.
	 * @return the number of records
	 */
	public int size() {
		return this.records.size();
	}

	/**
	 * Return the number of records in the eviction order, counted by walking it; for tests.
	 * @return the length of the eviction order
	 */
	int evictionOrderSize() {
		return this.order.walkedSize();
	}

	private long now() {
		return RecordEntry.epochNanos(this.clock.instant());
	}

	/**
	 * Replace the record by {@code update} of it if {@code token} holds a live claim on it, with a
	 * conditional replace of the entry read: a concurrent change makes it read again.
	 * @return whether the claim was held
	 */
	private boolean updateClaim(RecordScope scope, String token, long now, UnaryOperator<RecordEntry> update) {
		while (true) {
			RecordEntry entry = this.records.get(scope);
			if (entry == null || !entry.isOwnedBy(token) || !entry.isLive(now)) {
				return false;
			}
			RecordEntry updated = update.apply(entry);
			if (this.records.replace(scope, entry, updated)) {
				this.order.follow(entry, updated, now);
				return true;
			}
		}
	}

	/**
	 * A remapping function of the map that remembers what it changed, for the eviction order.
	 */
	private static final class Change
			implements BiFunction<RecordScope, @Nullable RecordEntry, @Nullable RecordEntry> {

		private final BiFunction<RecordScope, @Nullable RecordEntry, @Nullable RecordEntry> remapping;

		@Nullable RecordEntry replaced;

		@Nullable RecordEntry added;

		Change(BiFunction<RecordScope, @Nullable RecordEntry, @Nullable RecordEntry> remapping) {
			this.remapping = remapping;
		}

		@Override
		public @Nullable RecordEntry apply(RecordScope scope, @Nullable RecordEntry entry) {
			RecordEntry next = this.remapping.apply(scope, entry);
			if (next != entry) {
				this.replaced = entry;
				this.added = next;
			}
			return next;
		}

	}

}
