package dev.idempotency.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one stored record, as read by {@link IdempotencyStore#find(RecordScope)}.
 *
 * @param scope the record's identity
 * @param status its state
 * @param ownerToken the token of the claim holder while {@link RecordStatus#IN_PROGRESS}
 * @param expiresAt when the lease (in progress) or the time to live (completed) ends
 * @param result the stored result of a completed run, if any
 * @param fingerprint the fingerprint of the message content, if one was given
 */
public record IdempotencyRecord(RecordScope scope, RecordStatus status, @Nullable String ownerToken,
		Instant expiresAt, @Nullable String result, @Nullable String fingerprint) {

}
