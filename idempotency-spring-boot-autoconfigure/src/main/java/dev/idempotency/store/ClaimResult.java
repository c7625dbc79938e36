package dev.idempotency.store;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link IdempotencyStore#claim}.
 *
 * @param status what the store found
 * @param token the owner token of the new claim when {@link Status#ACQUIRED}
 * @param result the stored result when {@link Status#DUPLICATE}, if one was stored
 */
public record ClaimResult(Status status, @Nullable String token, @Nullable String result) {

	private static final ClaimResult IN_PROGRESS = new ClaimResult(Status.IN_PROGRESS, null, null);

	/**
	 * A new claim was created; the caller owns it through {@code token}.
	 * @param token the owner token
	 * @return the result
	 */
	public static ClaimResult acquired(String token) {
		return new ClaimResult(Status.ACQUIRED, token, null);
	}

	/**
	 * The message was completed before and the record has not expired.
	 * @param result the stored result, or {@code null}
	 * @return the result
	 */
	public static ClaimResult duplicate(@Nullable String result) {
		return new ClaimResult(Status.DUPLICATE, null, result);
	}

	/**
	 * Another claim holds a live lease.
	 * @return the result
	 */
	public static ClaimResult inProgress() {
		return IN_PROGRESS;
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
