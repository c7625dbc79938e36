package dev.idempotency.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.store.TransactionalClaims;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The store as the gate calls it: one request for one claim or one batch request for many, each
 * timed and reported to the gate's listener, completions retried through a short outage.
 */
final class GateStore {

	private final IdempotencyStore store;

	private final @Nullable TransactionalClaims transactionalClaims;

	private final StoreRequests requests;

	private final CompletionRetry completionRetry;

	GateStore(IdempotencyStore store, IdempotencyListener listener, CompletionRetry completionRetry) {
		this.store = store;
		this.transactionalClaims = store.transactionalClaims().orElse(null);
		this.requests = new StoreRequests(listener);
		this.completionRetry = completionRetry;
	}

	String description() {
		return this.store.description();
	}

	/**
	 * Whether the store can join a transaction active on the calling thread.
	 */
	boolean joinsTransaction() {
		return this.transactionalClaims != null && this.transactionalClaims.isTransactionActive();
	}

	List<ClaimResult> claim(List<OwnedClaim> claims, Duration lease, @Nullable String fingerprint) {
		if (claims.size() == 1) {
			return List.of(claim(claims.get(0), lease, fingerprint));
		}
		return this.requests.timed(StoreOperation.CLAIM, () -> this.store.claimAll(claims, lease));
	}

	ClaimResult claim(OwnedClaim claim, Duration lease, @Nullable String fingerprint) {
		return this.requests.timed(StoreOperation.CLAIM,
				() -> this.store.claim(claim.scope(), claim.token(), lease, fingerprint));
	}

	/**
	 * Claim records as completed inside the transaction the store joins, one statement each.
	 */
	List<ClaimResult> claimCompleted(List<OwnedClaim> claims, Duration ttl, @Nullable String fingerprint) {
		TransactionalClaims transactional = this.transactionalClaims;
		Assert.state(transactional != null, "The store has no transactional claims");
		List<ClaimResult> answers = new ArrayList<>(claims.size());
		for (OwnedClaim claim : claims) {
			answers.add(this.requests.timed(StoreOperation.CLAIM,
					() -> transactional.claimCompleted(claim.scope(), claim.token(), ttl, fingerprint)));
		}
		return answers;
	}

	/**
	 * Complete claims, trying again through an outage of up to half the lease. A claim whose
	 * answer was lost to a failed attempt counts as completed if the record is completed.
	 * @return for each claim, whether its record is completed
	 */
	List<Boolean> complete(List<OwnedClaim> claims, Duration ttl, Duration lease, @Nullable String result) {
		long started = System.nanoTime();
		try {
			return completeOnce(claims, ttl, result);
		}
		catch (RuntimeException ex) {
			List<Boolean> answers = this.completionRetry.retry(started, lease, ex,
					() -> completeOnce(claims, ttl, result));
			List<Boolean> completed = new ArrayList<>(claims.size());
			for (int i = 0; i < claims.size(); i++) {
				completed.add(answers.get(i) || isCompleted(claims.get(i)));
			}
			return completed;
		}
	}

	private List<Boolean> completeOnce(List<OwnedClaim> claims, Duration ttl, @Nullable String result) {
		return this.requests.timed(StoreOperation.COMPLETE, () -> (claims.size() == 1)
				? List.of(this.store.complete(claims.get(0).scope(), claims.get(0).token(), ttl, result))
				: this.store.completeAll(claims, ttl));
	}

	/**
	 * Store the result of a claim made inside a transaction, in that transaction.
	 */
	void storeResult(OwnedClaim claim, Duration ttl, String result) {
		this.requests.timed(StoreOperation.COMPLETE,
				() -> this.store.complete(claim.scope(), claim.token(), ttl, result));
	}

	/**
	 * Release claims whose end does not matter to the caller, such as what a failed request may
	 * have taken, ignoring a failure: the claims carry this instance's token, so its redelivery
	 * takes them up at once.
	 */
	void releaseQuietly(List<OwnedClaim> claims) {
		try {
			release(claims);
		}
		catch (RuntimeException ex) {
			// taken up by this instance's redelivery, see above
		}
	}

	void release(List<OwnedClaim> claims) {
		this.requests.timed(StoreOperation.RELEASE, () -> {
			if (claims.size() == 1) {
				this.store.release(claims.get(0).scope(), claims.get(0).token());
			}
			else {
				this.store.releaseAll(claims);
			}
		});
	}

	/**
	 * Extend the leases of claims in one request; answer whether any of them is still held.
	 */
	boolean extend(List<OwnedClaim> claims, Duration lease) {
		if (claims.isEmpty()) {
			return true;
		}
		if (claims.size() == 1) {
			return this.requests.timed(StoreOperation.EXTEND,
					() -> this.store.extend(claims.get(0).scope(), claims.get(0).token(), lease));
		}
		return this.requests.timed(StoreOperation.EXTEND, () -> this.store.extendAll(claims, lease))
			.contains(Boolean.TRUE);
	}

	private boolean isCompleted(OwnedClaim claim) {
		return this.store.find(claim.scope()).map((record) -> record.status() == RecordStatus.COMPLETED).orElse(false);
	}

}
