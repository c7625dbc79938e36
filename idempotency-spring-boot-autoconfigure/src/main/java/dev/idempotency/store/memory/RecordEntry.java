package dev.idempotency.store.memory;

import java.time.Duration;
import java.time.Instant;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.jspecify.annotations.Nullable;

/**
 * One state of a record of an {@link InMemoryIdempotencyStore}. Every change of a record puts a
 * new entry in the map, so entries are compared by identity: an entry that is no longer in the
 * map names a state that is gone. Its only mutable fields are its links in the
 * {@link EvictionOrder}, which guards them.
 */
final class RecordEntry {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	final RecordScope scope;

	final RecordStatus status;

	final @Nullable String token;

	/** When the lease or the ttl ends, in nanoseconds since the epoch. */
	final long expiresAt;

	final @Nullable String result;

	final @Nullable String fingerprint;

	@Nullable RecordEntry older;

	@Nullable RecordEntry newer;

	boolean linked;

	/** Replaced or removed in the map: never linked (again). */
	boolean gone;

	private RecordEntry(RecordScope scope, RecordStatus status, @Nullable String token, long expiresAt,
			@Nullable String result, @Nullable String fingerprint) {
		this.scope = scope;
		this.status = status;
		this.token = token;
		this.expiresAt = expiresAt;
		this.result = result;
		this.fingerprint = fingerprint;
	}

	static RecordEntry inProgress(RecordScope scope, String token, long leaseEnd, @Nullable String fingerprint) {
		return new RecordEntry(scope, RecordStatus.IN_PROGRESS, token, leaseEnd, null, fingerprint);
	}

	RecordEntry completed(long ttlEnd, @Nullable String result) {
		return new RecordEntry(this.scope, RecordStatus.COMPLETED, null, ttlEnd, result, this.fingerprint);
	}

	RecordEntry extended(long leaseEnd) {
		return new RecordEntry(this.scope, RecordStatus.IN_PROGRESS, this.token, leaseEnd, null, this.fingerprint);
	}

	boolean isLive(long now) {
		return now < this.expiresAt;
	}

	boolean isOwnedBy(String token) {
		return this.status == RecordStatus.IN_PROGRESS && token.equals(this.token);
	}

	/**
	 * Whether a claim with {@code token} finds this entry held: live, and not a claim of its own.
	 */
	boolean holdsAgainst(String token, long now) {
		return isLive(now) && !isOwnedBy(token);
	}

	/**
	 * The answer to a claim that finds this entry held.
	 */
	ClaimResult heldAnswer() {
		return (this.status == RecordStatus.COMPLETED) ? ClaimResult.duplicate(this.result, this.fingerprint)
				: ClaimResult.inProgress(this.fingerprint);
	}

	IdempotencyRecord toRecord() {
		Instant expiresAt = Instant.ofEpochSecond(Math.floorDiv(this.expiresAt, NANOS_PER_SECOND),
				Math.floorMod(this.expiresAt, NANOS_PER_SECOND));
		return new IdempotencyRecord(this.scope, this.status, this.token, expiresAt, this.result, this.fingerprint);
	}

	/**
	 * Return {@code instant} in nanoseconds since the epoch. Entries keep times as numbers, so that
	 * a message's claim and completion allocate no {@code Instant}s.
	 */
	static long epochNanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
	}

	/**
	 * Return the time {@code duration} after {@code epochNanos}, or, past the range of nanoseconds
	 * since the epoch, its end in that direction.
	 */
	static long after(long epochNanos, Duration duration) {
		try {
			return Math.addExact(epochNanos, duration.toNanos());
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

}
