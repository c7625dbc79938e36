package dev.idempotency.listener.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.idempotency.listener.InboundMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka record as seen by the gate. Header values are decoded as UTF-8 text, the last value of
 * a repeated header wins.
 */
final class KafkaInboundMessage implements InboundMessage {

	private final @Nullable ConsumerRecord<?, ?> record;

	private final @Nullable Object payload;

	private @Nullable Map<String, Object> headers;

	KafkaInboundMessage(@Nullable ConsumerRecord<?, ?> record, @Nullable Object payload) {
		this.record = record;
		this.payload = payload;
	}

	@Override
	public @Nullable Object raw() {
		return this.record;
	}

	@Override
	public @Nullable Object payload() {
		return this.payload;
	}

	@Override
	public Map<String, Object> headers() {
		if (this.headers == null) {
			Map<String, Object> decoded = new LinkedHashMap<>();
			if (this.record != null) {
				for (Header header : this.record.headers()) {
					decoded.put(header.key(), decode(header));
				}
			}
			this.headers = Collections.unmodifiableMap(decoded);
		}
		return this.headers;
	}

	@Override
	public @Nullable String header(String name) {
		Header header = (this.record != null) ? this.record.headers().lastHeader(name) : null;
		return (header != null) ? decode(header) : null;
	}

	private static @Nullable String decode(Header header) {
		byte[] value = header.value();
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

}
