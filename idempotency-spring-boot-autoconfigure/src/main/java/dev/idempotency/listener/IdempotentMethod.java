package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Type;

import dev.idempotency.core.ConsumerPolicy;
import org.jspecify.annotations.Nullable;

/**
 * What the gate needs of one idempotent listener method, resolved once: its consumer's effective
 * policy, how to find a message's key, and how to read and acknowledge its messages.
 *
 * @param method the user's method, whose parameter names the key expression sees
 * @param description the method, as named in messages, such as {@code "Orders.on(Order)"}
 * @param policy the consumer's effective policy, annotation attributes applied
 * @param key how to resolve the key of a message
 * @param binding how to read and acknowledge the broker's messages
 * @param fingerprint how to compute a message's fingerprint, or {@code null} for none
 * @param resultType the type of the method's result to store, or {@code null} for a void method;
 * for an asynchronous method the type of the value it produces
 * @param async the asynchronous return type of the method, or {@code null} if it returns its result
 * directly
 */
record IdempotentMethod(Method method, String description, ConsumerPolicy policy, KeyResolver key,
		ListenerBinding binding, @Nullable FingerprintResolver fingerprint, @Nullable Type resultType,
		@Nullable AsyncReturn async) {

}
