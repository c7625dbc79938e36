package dev.idempotency.listener;

import java.lang.reflect.Method;

import dev.idempotency.core.MessageKey;
import org.jspecify.annotations.Nullable;

/**
 * Takes the key from a message header ({@code idempotency.key-header}), else, for brokers that
 * have one, from the producer's message id (such as the AMQP {@code message_id} property).
 */
final class HeaderKeyResolver implements KeyResolver {

	private final String header;

	private final boolean messageIdFallback;

	private final String source;

	/**
	 * Create the resolver.
	 * @param header the key header
	 * @param messageIdProperty the broker's message id property to fall back to, or {@code null}
	 */
	HeaderKeyResolver(String header, @Nullable String messageIdProperty) {
		this.header = header;
		this.messageIdFallback = messageIdProperty != null;
		this.source = "header '" + header + "'"
				+ ((messageIdProperty != null) ? " or property '" + messageIdProperty + "'" : "");
	}

	@Override
	public String describe() {
		return this.source;
	}

	@Override
	public MessageKey resolve(Method method, Object[] arguments, InboundMessage message) {
		String key = message.header(this.header);
		if (key == null && this.messageIdFallback) {
			key = message.messageId();
		}
		return MessageKey.of(key, this.source);
	}

}
