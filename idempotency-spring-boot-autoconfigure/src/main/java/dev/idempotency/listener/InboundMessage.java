package dev.idempotency.listener;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The message a listener method is being invoked for, as the broker delivered it.
 */
public interface InboundMessage {

	/**
	 * Return the raw broker message, such as a Kafka {@code ConsumerRecord}, if known.
	 * @return the raw message, or {@code null}
	 */
	@Nullable Object raw();

	/**
	 * Return the payload the listener receives.
	 * @return the payload, or {@code null}
	 */
	@Nullable Object payload();

	/**
	 * Return the message headers, text values decoded as UTF-8.
	 * @return the headers by name
	 */
	Map<String, Object> headers();

	/**
	 * Return the value of one header as text, or {@code null} if absent.
	 * @param name the header name
	 * @return the header value
	 */
	@Nullable String header(String name);

	/**
	 * Return the identifier the producer gave the message in the broker's own protocol, such as
	 * the AMQP {@code message_id} property, if the broker has one.
	 * @return the message id, or {@code null}
	 */
	default @Nullable String messageId() {
		return null;
	}

}
