package dev.idempotency.store;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The optional capability of a store to write a record inside a transaction the caller already has
 * open, so that the record commits or rolls back together with the listener's own writes to the
 * same database. A store offers it through {@link IdempotencyStore#transactionalClaims()}.
 *
 * <p>While {@link #isTransactionActive()} is {@code true}, the gate claims with
 * {@link #claimCompleted} instead of {@link IdempotencyStore#claim}: the record is written as
 * completed at once, and the transaction's row lock, not a lease, keeps a concurrent delivery out
 * until the transaction ends. A later {@link IdempotencyStore#complete} with the same token stores a
 * result (it may be skipped when there is none), and {@link IdempotencyStore#release} deletes the
 * record within the same transaction.
 */
public interface TransactionalClaims {

	/**
	 * Whether a real transaction on this store's database is active on the calling thread: one
	 * that commits or rolls back the store's writes, not a connection in auto-commit that was
	 * merely bound to the thread for the duration of another resource's transaction.
	 * @return {@code true} if {@link #claimCompleted} would join it
	 */
	boolean isTransactionActive();

	/**
	 * Within the active transaction, write the record as completed unless a live record exists.
	 * A concurrent transaction that wrote the same record first makes this call wait until that
	 * transaction ends, then answer {@code DUPLICATE} (committed) or {@code ACQUIRED} (rolled
	 * back).
	 * @param scope the record to claim
	 * @param token the caller's owner token, kept with the record until the transaction ends
	 * @param ttl how long the completed record is kept once committed
	 * @param fingerprint a digest of the message content, or {@code null}
	 * @return {@code ACQUIRED} with {@code token}, {@code DUPLICATE}, or {@code IN_PROGRESS} when a
	 * claim made outside a transaction holds a live lease
	 */
	ClaimResult claimCompleted(RecordScope scope, String token, Duration ttl, @Nullable String fingerprint);

}
