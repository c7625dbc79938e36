package dev.idempotency.listener.kafka;

import java.nio.charset.StandardCharsets;

import dev.idempotency.test.AotFactories;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The methods that key expressions call on a Kafka record ({@code #record}, {@code #message}) are
 * invocable in a native image.
 */
class KafkaExpressionRuntimeHintsTests {

	private final ConsumerRecord<String, String> record = record();

	@Test
	void recordMethodsAreInvocableThroughAotFactories() throws NoSuchMethodException {
		RuntimeHints hints = AotFactories.runtimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ConsumerRecord.class.getMethod("key")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ConsumerRecord.class.getMethod("headers")))
			.accepts(hints);
	}

	@Test
	void theRunTimeClassesOfTheHeadersAreInvocable() throws NoSuchMethodException {
		RuntimeHints hints = AotFactories.runtimeHints();
		Class<?> headers = this.record.headers().getClass();
		Class<?> header = this.record.headers().lastHeader("id").getClass();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(headers.getMethod("lastHeader", String.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(header.getMethod("value"))).accepts(hints);
	}

	@Test
	void withoutTheKafkaClientNothingIsRegistered() {
		RuntimeHints hints = new RuntimeHints();
		new KafkaExpressionRuntimeHints().registerHints(hints, new FilteredClassLoader(ConsumerRecord.class));
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(ConsumerRecord.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).rejects(hints);
	}

	private static ConsumerRecord<String, String> record() {
		ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 0, 0, "key", "value");
		record.headers().add("id", "order-1".getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
