package dev.idempotency.core;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * What the gate needs to know of one delivery besides the work it guards.
 *
 * @param policy the consumer's policy
 * @param key the message key
 * @param fingerprint a digest of the message content to detect a key reused for other content,
 * or {@code null}
 * @param resultType the type of the body's result, to store it for duplicates, or {@code null}
 * to store none
 */
public record Delivery(ConsumerPolicy policy, MessageKey key, @Nullable String fingerprint,
		@Nullable Type resultType) {

	/**
	 * A delivery without fingerprint whose result is not stored.
	 * @param policy the consumer's policy
	 * @param key the message key
	 * @return the delivery
	 */
	public static Delivery of(ConsumerPolicy policy, MessageKey key) {
		return new Delivery(policy, key, null, null);
	}

}
