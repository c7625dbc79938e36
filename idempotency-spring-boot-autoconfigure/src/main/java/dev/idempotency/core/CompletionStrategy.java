package dev.idempotency.core;

import java.util.List;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * How one call through the gate claims its records and ends the claims of the bodies that
 * succeeded; chosen once per call. Whatever the strategy, a record is completed in the store
 * before the call that ran its body returns to a container that would acknowledge it, or before
 * the transaction that acknowledges it commits.
 */
interface CompletionStrategy {

	/**
	 * Return the owner token to claim {@code scope} with.
	 */
	String token(ClaimTokens tokens, RecordScope scope);

	/**
	 * Claim records, in one request for one record and one batch request for many.
	 */
	List<ClaimResult> claim(GateStore store, List<OwnedClaim> claims, ConsumerPolicy policy,
			@Nullable String fingerprint);

	/**
	 * Whether the claims need the lease heartbeat while their bodies run.
	 */
	boolean keepsLeases();

	/**
	 * End the claims of elements whose body succeeded.
	 * @param ending ends the claims of the call
	 * @param done the positions of those elements
	 * @param result the text of the body's result to store, for a call of one message
	 */
	void finish(ClaimEnding ending, List<Integer> done, @Nullable String result);

	/**
	 * Prepare to wait for a claim held by another delivery: that delivery may be one of this
	 * thread whose completion waits.
	 */
	default void beforeWaiting() {
	}

}
