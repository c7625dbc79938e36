package dev.idempotency.listener.rabbit;

import dev.idempotency.test.AotFactories;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The methods and properties that key expressions read of an AMQP message ({@code #message},
 * {@code #record}) are invocable in a native image.
 */
class RabbitExpressionRuntimeHintsTests {

	@Test
	void messageAndPropertiesAreInvocableThroughAotFactories() throws NoSuchMethodException {
		RuntimeHints hints = AotFactories.runtimeHints();
		Message message = new Message(new byte[0], new MessageProperties());
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(message.getClass().getMethod("getMessageProperties"))).accepts(hints);
		Class<?> properties = message.getMessageProperties().getClass();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(properties.getMethod("getCorrelationId")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(properties.getMethod("getMessageId")))
			.accepts(hints);
	}

	@Test
	void withoutSpringAmqpNothingIsRegistered() {
		RuntimeHints hints = new RuntimeHints();
		new RabbitExpressionRuntimeHints().registerHints(hints, new FilteredClassLoader(Message.class));
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(Message.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).rejects(hints);
	}

}
