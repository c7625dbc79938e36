package dev.idempotency.listener;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * Integrates one broker's listener methods, such as {@code @KafkaListener}, with the gate.
 */
public interface ListenerAdapter {

	/**
	 * Whether {@code method} is a listener method of this broker.
	 * @param method the method of the user's class
	 * @return {@code true} if the broker invokes it for messages
	 */
	boolean isListenerMethod(Method method);

	/**
	 * Return the listener id declared for {@code method}, if any.
	 * @param method a listener method of this broker
	 * @return the id, or {@code null}
	 */
	@Nullable String listenerId(Method method);

	/**
	 * Create the binding of a listener method of this broker.
	 * @param method a listener method of this broker
	 * @return its binding
	 */
	ListenerBinding bind(Method method);

	/**
	 * Return the name of the message property that holds the producer's message id, which keys
	 * a message when the key header is absent, if this broker has one.
	 * @return the property name, such as {@code "message_id"}, or {@code null}
	 * @see InboundMessage#messageId()
	 */
	default @Nullable String messageIdProperty() {
		return null;
	}

}
