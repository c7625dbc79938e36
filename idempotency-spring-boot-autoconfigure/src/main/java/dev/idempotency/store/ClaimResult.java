package dev.idempotency.store;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link IdempotencyStore#claim}.
 *
 * @param status what the store found
 * @param token the owner token of the new claim when {@link Status#ACQUIRED}
 * @param result the stored result when {@link Status#DUPLICATE}, if one was stored
 * @param fingerprint the fingerprint of the record found when {@link Status#DUPLICATE} or
 * {@link Status#IN_PROGRESS}, if one was stored
 */
public record ClaimResult(Status status, @Nullable String token, @Nullable String result,
		@Nullable String fingerprint) {

	private static final ClaimResult IN_PROGRESS = new ClaimResult(Status.IN_PROGRESS, null, null, null);

	/**
	 * A new claim was created; the caller owns it through {@code token}.
	 * @param token the owner token
	 * @return the result
	 */
	public static ClaimResult acquired(String token) {
		return new ClaimResult(Status.ACQUIRED, token, null, null);
	}

	/**
	 * The message was completed before and the record has not expired.
	 * @param result the stored result, or {@code null}
	 * @return the result
	 */
	public static ClaimResult duplicate(@Nullable String result) {
		return duplicate(result, null);
	}

	/**
	 * The message was completed before and the record has not expired.
	 * @param result the stored result, or {@code null}
	 * @param fingerprint the stored fingerprint, or {@code null}
	 * @return the result
	 */
	public static ClaimResult duplicate(@Nullable String result, @Nullable String fingerprint) {
		return new ClaimResult(Status.DUPLICATE, null, result, fingerprint);
	}

	/**
	 * Another claim holds a live lease.
	 * @return the result
	 */
	public static ClaimResult inProgress() {
		return IN_PROGRESS;
	}

	/**
	 * Another claim, made with {@code fingerprint}, holds a live lease.
	 * @param fingerprint the stored fingerprint, or {@code null}
	 * @return the result
	 */
	public static ClaimResult inProgress(@Nullable String fingerprint) {
		return (fingerprint != null) ? new ClaimResult(Status.IN_PROGRESS, null, null, fingerprint) : IN_PROGRESS;
	}

	/**
	 * Whether the record found was stored with a fingerprint other than {@code fingerprint}: the
	 * same key arrived with different content. Records or deliveries without a fingerprint never
	 * conflict.
	 * @param fingerprint the fingerprint of the delivery, or {@code null}
	 * @return {@code true} on a conflict
	 */
	public boolean conflictsWith(@Nullable String fingerprint) {
		return this.status != Status.ACQUIRED && fingerprint != null && this.fingerprint != null
				&& !this.fingerprint.equals(fingerprint);
	}

	/**
	 * What {@link IdempotencyStore#claim} found.
	 */
	public enum Status {

		/** Absent, expired, or a lapsed lease: the caller now holds the claim. */
		ACQUIRED,

		/** Completed and not expired. */
		DUPLICATE,

		/** Held by another claim whose lease is alive. */
		IN_PROGRESS

	}

}
