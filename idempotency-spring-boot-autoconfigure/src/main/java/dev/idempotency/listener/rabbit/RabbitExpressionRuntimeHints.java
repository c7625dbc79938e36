package dev.idempotency.listener.rabbit;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for the {@code @Idempotent} expressions over AMQP messages: {@code #message} and
 * {@code #record} are Spring AMQP's {@code Message}, whose methods and properties SpEL reads by
 * reflection ({@code #message.messageProperties.correlationId}). Registered by name when Spring
 * AMQP is on the class path.
 */
class RabbitExpressionRuntimeHints implements RuntimeHintsRegistrar {

	private static final String MESSAGE = "org.springframework.amqp.core.Message";

	/** The message and its properties. */
	static final List<TypeReference> TYPES = List.of(TypeReference.of(MESSAGE),
			TypeReference.of("org.springframework.amqp.core.MessageProperties"));

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (ClassUtils.isPresent(MESSAGE, classLoader)) {
			TYPES.forEach((type) -> hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS));
		}
	}

}
