package dev.idempotency.store;

/**
 * A record and the owner token the caller claims it with, or holds it by.
 *
 * @param scope the record
 * @param token the owner token
 */
public record OwnedClaim(RecordScope scope, String token) {

}
