package dev.idempotency.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * The policy of one consumer: its effective settings, {@code idempotency.consumers.<name>.*} over
 * the global values.
 *
 * @param consumer the consumer name
 * @param ttl how long completed records are kept
 * @param lease how long a claim stays valid without completion
 * @param onMissingKey what to do without a key
 * @param onInProgress what to do when another delivery holds a live claim
 * @param onStoreError what to do when the store fails
 */
public record ConsumerPolicy(String consumer, Duration ttl, Duration lease, MissingKeyPolicy onMissingKey,
		InProgressPolicy onInProgress, StoreErrorPolicy onStoreError) {

	public ConsumerPolicy {
		Assert.hasText(consumer, "consumer must not be empty");
		Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
		Assert.isTrue(!lease.isNegative() && !lease.isZero(), "lease must be positive");
	}

	/**
	 * Return this policy with another time to live.
	 * @param ttl the time to live
	 * @return the new policy
	 */
	public ConsumerPolicy withTtl(Duration ttl) {
		return new ConsumerPolicy(this.consumer, ttl, this.lease, this.onMissingKey, this.onInProgress,
				this.onStoreError);
	}

	/**
	 * Return this policy with another lease.
	 * @param lease the lease
	 * @return the new policy
	 */
	public ConsumerPolicy withLease(Duration lease) {
		return new ConsumerPolicy(this.consumer, this.ttl, lease, this.onMissingKey, this.onInProgress,
				this.onStoreError);
	}

}
