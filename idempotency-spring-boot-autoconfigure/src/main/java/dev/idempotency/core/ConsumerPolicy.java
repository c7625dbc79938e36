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
 * @param storeWrites when its listener deliveries write to the store
 */
public record ConsumerPolicy(String consumer, Duration ttl, Duration lease, MissingKeyPolicy onMissingKey,
		InProgressPolicy onInProgress, StoreErrorPolicy onStoreError, StoreWrites storeWrites) {

	public ConsumerPolicy {
		Assert.hasText(consumer, "consumer must not be empty");
		Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
		Assert.isTrue(!lease.isNegative() && !lease.isZero(), "lease must be positive");
	}

	/**
	 * Create a policy whose deliveries write to the store per record.
	 * @param consumer the consumer name
	 * @param ttl how long completed records are kept
	 * @param lease how long a claim stays valid without completion
	 * @param onMissingKey what to do without a key
	 * @param onInProgress what to do when another delivery holds a live claim
	 * @param onStoreError what to do when the store fails
	 */
	public ConsumerPolicy(String consumer, Duration ttl, Duration lease, MissingKeyPolicy onMissingKey,
			InProgressPolicy onInProgress, StoreErrorPolicy onStoreError) {
		this(consumer, ttl, lease, onMissingKey, onInProgress, onStoreError, StoreWrites.PER_RECORD);
	}

	/**
	 * Return this policy with another time to live.
	 * @param ttl the time to live
	 * @return the new policy
	 */
	public ConsumerPolicy withTtl(Duration ttl) {
		return new ConsumerPolicy(this.consumer, ttl, this.lease, this.onMissingKey, this.onInProgress,
				this.onStoreError, this.storeWrites);
	}

	/**
	 * Return this policy with another lease.
	 * @param lease the lease
	 * @return the new policy
	 */
	public ConsumerPolicy withLease(Duration lease) {
		return new ConsumerPolicy(this.consumer, this.ttl, lease, this.onMissingKey, this.onInProgress,
				this.onStoreError, this.storeWrites);
	}

	/**
	 * Return this policy with other store writes.
	 * @param storeWrites when listener deliveries write to the store
	 * @return the new policy
	 */
	public ConsumerPolicy withStoreWrites(StoreWrites storeWrites) {
		return (storeWrites == this.storeWrites) ? this : new ConsumerPolicy(this.consumer, this.ttl, this.lease,
				this.onMissingKey, this.onInProgress, this.onStoreError, storeWrites);
	}

}
