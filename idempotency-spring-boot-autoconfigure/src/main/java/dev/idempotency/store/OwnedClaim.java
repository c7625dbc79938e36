package dev.idempotency.store;

/**
 * A claim held by the caller: the record and the owner token {@link IdempotencyStore#claim}
 * returned for it.
 *
 * @param scope the record
 * @param token the owner token
 */
public record OwnedClaim(RecordScope scope, String token) {

}
