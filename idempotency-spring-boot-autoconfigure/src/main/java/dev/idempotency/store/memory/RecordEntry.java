package dev.idempotency.store.memory;

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

	final RecordScope scope;

	final RecordStatus status;

	final @Nullable String token;

	final Instant expiresAt;

	final @Nullable String result;

	final @Nullable String fingerprint;

	@Nullable RecordEntry older;

	@Nullable RecordEntry newer;

	boolean linked;

	/** Replaced or removed in the map: never linked (again). */
	boolean gone;

	private RecordEntry(RecordScope scope, RecordStatus status, @Nullable String token, Instant expiresAt,
			@Nullable String result, @Nullable String fingerprint) {
		this.scope = scope;
		this.status = status;
		this.token = token;
		this.expiresAt = expiresAt;
		this.result = result;
		this.fingerprint = fingerprint;
	}

	static RecordEntry inProgress(RecordScope scope, String token, Instant leaseEnd, @Nullable String fingerprint) {
		return new RecordEntry(scope, RecordStatus.IN_PROGRESS, token, leaseEnd, null, fingerprint);
	}

	RecordEntry completed(Instant ttlEnd, @Nullable String result) {
		return new RecordEntry(this.scope, RecordStatus.COMPLETED, null, ttlEnd, result, this.fingerprint);
	}

	RecordEntry extended(Instant leaseEnd) {
		return new RecordEntry(this.scope, RecordStatus.IN_PROGRESS, this.token, leaseEnd, null, this.fingerprint);
	}

	boolean isLive(Instant now) {
		return now.isBefore(this.expiresAt);
	}

	boolean isOwnedBy(String token) {
		return this.status == RecordStatus.IN_PROGRESS && token.equals(this.token);
	}

	/**
	 * Whether a claim with {@code token} finds this entry held: live, and not a claim of its own.
	 */
	boolean holdsAgainst(String token, Instant now) {
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
		return new IdempotencyRecord(this.scope, this.status, this.token, this.expiresAt, this.result, this.fingerprint);
	}

}
