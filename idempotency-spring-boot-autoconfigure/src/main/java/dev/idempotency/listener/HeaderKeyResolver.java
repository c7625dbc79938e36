package dev.idempotency.listener;

import java.lang.reflect.Method;

import dev.idempotency.core.MessageKey;

/**
 * Takes the key from a message header ({@code idempotency.key-header}).
 */
final class HeaderKeyResolver implements KeyResolver {

	private final String header;

	private final String source;

	HeaderKeyResolver(String header) {
		this.header = header;
		this.source = "header '" + header + "'";
	}

	@Override
	public String describe() {
		return this.source;
	}

	@Override
	public MessageKey resolve(Method method, Object[] arguments, InboundMessage message) {
		return MessageKey.of(message.header(this.header), this.source);
	}

}
