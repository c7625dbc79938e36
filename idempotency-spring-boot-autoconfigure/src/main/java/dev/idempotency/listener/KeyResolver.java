package dev.idempotency.listener;

import java.lang.reflect.Method;

import dev.idempotency.core.MessageKey;

/**
 * Resolves the idempotency key of one invocation of a listener method.
 */
interface KeyResolver {

	MessageKey resolve(Method method, Object[] arguments, InboundMessage message);

	/**
	 * Describe where keys come from, such as {@code "#payload.id"} or
	 * {@code "header 'idempotency-key'"}.
	 */
	String describe();

}
