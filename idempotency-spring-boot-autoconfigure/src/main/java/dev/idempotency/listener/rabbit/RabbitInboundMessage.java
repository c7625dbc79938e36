package dev.idempotency.listener.rabbit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

import dev.idempotency.listener.InboundMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;

/**
 * An AMQP message as seen by the gate: its application headers, text values as they are and
 * byte values decoded as UTF-8, and its {@code message_id} property.
 */
final class RabbitInboundMessage implements InboundMessage {

	private final @Nullable Message message;

	private final @Nullable Object payload;

	RabbitInboundMessage(@Nullable Message message, @Nullable Object payload) {
		this.message = message;
		this.payload = payload;
	}

	@Override
	public @Nullable Object raw() {
		return this.message;
	}

	@Override
	public @Nullable Object payload() {
		return this.payload;
	}

	@Override
	public Map<String, Object> headers() {
		return (this.message != null) ? Collections.unmodifiableMap(this.message.getMessageProperties().getHeaders())
				: Map.of();
	}

	@Override
	public @Nullable String header(String name) {
		Object value = (this.message != null) ? this.message.getMessageProperties().getHeader(name) : null;
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (value != null) ? value.toString() : null;
	}

	@Override
	public @Nullable String messageId() {
		return (this.message != null) ? this.message.getMessageProperties().getMessageId() : null;
	}

}
