package dev.idempotency.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * The effective settings of one consumer, after per-consumer overrides.
 *
 * @param consumer the consumer name
 * @param ttl how long completed records are kept
 * @param lease how long a claim stays valid without completion
 * @param onMissingKey what to do without a key
 * @param onInProgress what to do when another delivery holds a live claim
 * @param onStoreError what to do when the store fails
 */
public record ConsumerSettings(String consumer, Duration ttl, Duration lease, MissingKeyPolicy onMissingKey,
		InProgressPolicy onInProgress, StoreErrorPolicy onStoreError) {

	public ConsumerSettings {
		Assert.hasText(consumer, "consumer must not be empty");
		Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
		Assert.isTrue(!lease.isNegative() && !lease.isZero(), "lease must be positive");
	}

	/**
	 * Return these settings with another time to live.
	 * @param ttl the time to live
	 * @return the new settings
	 */
	public ConsumerSettings withTtl(Duration ttl) {
		return new ConsumerSettings(this.consumer, ttl, this.lease, this.onMissingKey, this.onInProgress,
				this.onStoreError);
	}

	/**
	 * Return these settings with another lease.
	 * @param lease the lease
	 * @return the new settings
	 */
	public ConsumerSettings withLease(Duration lease) {
		return new ConsumerSettings(this.consumer, this.ttl, lease, this.onMissingKey, this.onInProgress,
				this.onStoreError);
	}

}
