package dev.idempotency.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Storage of idempotency records. Every operation is atomic in the store, and every expiry is
 * measured by the store's own clock.
 *
 * <p>A record is {@link RecordStatus#IN_PROGRESS} while a delivery runs the listener body, owned
 * through a token and valid for a lease, then {@link RecordStatus#COMPLETED} for a time to live.
 * Owner tokens are the caller's: the gate chooses them, keeps one stable across redeliveries of a
 * message to the same application instance, and {@link #claim} answers {@code ACQUIRED} for a live
 * claim that already carries the caller's token. A claim whose answer was lost (a timeout) is
 * therefore taken up again by the redelivery instead of blocking the message for a whole lease.
 * Implementations signal failures (an unreachable server, a timeout) with any runtime exception;
 * the gate turns them into its store-error policy.
 *
 * <p>Two capabilities are optional, each offered through its own method: claims written inside
 * the caller's transaction ({@link #transactionalClaims()}) and the deletion of expired records
 * that do not vanish by themselves ({@link #expiredRecordDeletion()}).
 */
public interface IdempotencyStore {

	/**
	 * Try to claim a message for the owner {@code token}. If the record is absent, expired, in
	 * progress with a lapsed lease, or in progress under this same {@code token}, make it an
	 * in-progress record owned by {@code token} that lives for {@code lease}, carrying
	 * {@code fingerprint} through completion.
	 * @param scope the record to claim
	 * @param token the caller's owner token, at most 64 characters
	 * @param lease how long the claim stays valid without completion
	 * @param fingerprint a digest of the message content to keep with the record, or
	 * {@code null}
	 * @return {@code ACQUIRED} with {@code token}, {@code DUPLICATE} with any stored result, or
	 * {@code IN_PROGRESS}; the latter two with the fingerprint stored before
	 */
	ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint);

	/**
	 * Try to claim a message without a fingerprint.
	 * @param scope the record to claim
	 * @param token the caller's owner token
	 * @param lease how long the claim stays valid without completion
	 * @return the answer of {@link #claim(RecordScope, String, Duration, String)}
	 */
	default ClaimResult claim(RecordScope scope, String token, Duration lease) {
		return claim(scope, token, lease, null);
	}

	/**
	 * Mark a claimed record completed, if it is still in progress under {@code token}.
	 * @param scope the record
	 * @param token the owner token the record was claimed with
	 * @param ttl how long the completed record is kept
	 * @param result a result to return to later duplicates, or {@code null}
	 * @return {@code true} if completed, {@code false} if the lease was lost to another claim
	 */
	boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result);

	/**
	 * Delete a claimed record if it is still owned by {@code token}, so that the next delivery
	 * runs the body again. Does nothing otherwise.
	 * @param scope the record
	 * @param token the owner token the record was claimed with
	 */
	void release(RecordScope scope, String token);

	/**
	 * Push the lease of a claim out to {@code lease} from now, if it is still owned by
	 * {@code token}.
	 * @param scope the record
	 * @param token the owner token the record was claimed with
	 * @param lease the new lease, counted from now
	 * @return {@code true} if extended, {@code false} if the lease was lost
	 */
	boolean extend(RecordScope scope, String token, Duration lease);

	/**
	 * Claim several messages, each for its own owner token, in one round trip where the store
	 * can. The default claims them one by one.
	 * @param claims the records to claim with the caller's owner token of each
	 * @param lease how long each claim stays valid without completion
	 * @return the answer for each claim, in order
	 */
	default List<ClaimResult> claimAll(List<OwnedClaim> claims, Duration lease) {
		return claims.stream().map((claim) -> claim(claim.scope(), claim.token(), lease)).toList();
	}

	/**
	 * Complete several claims without results, in one round trip where the store can. The default
	 * completes them one by one.
	 * @param claims the claims, with the owner tokens they were claimed with
	 * @param ttl how long the completed records are kept
	 * @return for each claim in order, {@code true} if completed, {@code false} if its lease was
	 * lost
	 */
	default List<Boolean> completeAll(List<OwnedClaim> claims, Duration ttl) {
		return claims.stream().map((claim) -> complete(claim.scope(), claim.token(), ttl, null)).toList();
	}

	/**
	 * Push the leases of several claims out to {@code lease} from now, each if it is still owned
	 * by its token, in one round trip where the store can. The default extends them one by one.
	 * @param claims the claims, with the owner tokens they were claimed with
	 * @param lease the new lease, counted from now
	 * @return for each claim in order, {@code true} if extended, {@code false} if its lease was
	 * lost
	 */
	default List<Boolean> extendAll(List<OwnedClaim> claims, Duration lease) {
		return claims.stream().map((claim) -> extend(claim.scope(), claim.token(), lease)).toList();
	}

	/**
	 * Release several claims, in one round trip where the store can. The default releases them one
	 * by one.
	 * @param claims the claims, with the owner tokens they were claimed with
	 */
	default void releaseAll(List<OwnedClaim> claims) {
		claims.forEach((claim) -> release(claim.scope(), claim.token()));
	}

	/**
	 * Return the claims this store can write inside a transaction the caller has open, if it can.
	 * The gate asks once, when it is built.
	 * @return the transactional claims, by default none
	 */
	default Optional<TransactionalClaims> transactionalClaims() {
		return Optional.empty();
	}

	/**
	 * Return the deletion of expired records, if this store keeps them until they are deleted.
	 * @return the deletion, by default none: records expire by themselves
	 */
	default Optional<ExpiredRecordDeletion> expiredRecordDeletion() {
		return Optional.empty();
	}

	/**
	 * Read a record that has not expired.
	 * @param scope the record
	 * @return the record, or empty if absent or expired
	 */
	Optional<IdempotencyRecord> find(RecordScope scope);

	/**
	 * Delete a record whatever its state, so that the message can be processed again.
	 * @param scope the record
	 * @return {@code true} if a live record was deleted
	 */
	boolean delete(RecordScope scope);

	/**
	 * Return a short name of the store type, used in metric tags and messages, such as
	 * {@code "memory"} or {@code "redis"}.
	 * @return the store type
	 */
	String type();

	/**
	 * Describe the store for error messages, such as {@code "redis at 127.0.0.1:6379"}.
	 * @return the description, by default the {@link #type() type}
	 */
	default String description() {
		return type();
	}

}
