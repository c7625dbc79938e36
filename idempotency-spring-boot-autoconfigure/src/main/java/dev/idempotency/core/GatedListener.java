package dev.idempotency.core;

import java.time.Duration;

/**
 * A listener method the gate guards, with its effective policy.
 *
 * @param method the method, such as {@code "PaymentListener.onPayment(Payment)"}
 * @param consumer the consumer name that scopes its records
 * @param ttl how long its completed records are kept
 * @param lease how long its claims live without completion
 * @param key where its keys come from: the key expression, or the key header
 */
public record GatedListener(String method, String consumer, Duration ttl, Duration lease, String key) {

}
