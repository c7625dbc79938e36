package dev.idempotency.listener.kafka;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for the {@code @Idempotent} expressions over Kafka records: {@code #record} and
 * {@code #message} are the {@code ConsumerRecord}, whose methods SpEL calls by reflection
 * ({@code #record.key()}, {@code #record.headers().lastHeader('id').value()}). Registered by name
 * when the Kafka client is on the class path.
 */
class KafkaExpressionRuntimeHints implements RuntimeHintsRegistrar {

	private static final String CONSUMER_RECORD = "org.apache.kafka.clients.consumer.ConsumerRecord";

	/** The record and the run-time classes of its headers. */
	static final List<TypeReference> TYPES = List.of(TypeReference.of(CONSUMER_RECORD),
			TypeReference.of("org.apache.kafka.common.header.internals.RecordHeaders"),
			TypeReference.of("org.apache.kafka.common.header.internals.RecordHeader"));

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (ClassUtils.isPresent(CONSUMER_RECORD, classLoader)) {
			TYPES.forEach((type) -> hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS));
		}
	}

}
