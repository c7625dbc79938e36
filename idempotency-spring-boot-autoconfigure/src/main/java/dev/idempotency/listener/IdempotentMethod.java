package dev.idempotency.listener;

import dev.idempotency.core.ConsumerSettings;

/**
 * What the gate needs of one idempotent listener method, resolved once: its consumer's effective
 * settings, how to find a message's key, and how to read and acknowledge its messages.
 *
 * @param description the method, as named in messages, such as {@code "Orders.on(Order)"}
 * @param settings the consumer's effective settings, annotation attributes applied
 * @param key how to resolve the key of a message
 * @param binding how to read and acknowledge the broker's messages
 */
record IdempotentMethod(String description, ConsumerSettings settings, KeyResolver key, ListenerBinding binding) {

}
