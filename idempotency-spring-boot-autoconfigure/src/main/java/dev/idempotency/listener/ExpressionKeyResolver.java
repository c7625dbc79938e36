package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import dev.idempotency.core.MessageKey;
import org.jspecify.annotations.Nullable;

/**
 * Takes the key from the SpEL expression of {@code @Idempotent(key = ...)}.
 */
final class ExpressionKeyResolver implements KeyResolver {

	private final MessageExpression expression;

	private final String source;

	private ExpressionKeyResolver(MessageExpression expression, String source) {
		this.expression = expression;
		this.source = source;
	}

	/**
	 * Parse the key expression of a method.
	 * @param expression the expression text
	 * @param description the method, as named in messages
	 * @return the resolver
	 * @throws IllegalStateException if the expression is malformed
	 */
	static ExpressionKeyResolver parse(String expression, String description) {
		return new ExpressionKeyResolver(
				MessageExpression.parse("key", expression, description, "\"#payload.id\" or \"#headers['order-id']\""),
				"key expression '" + expression + "' of " + description);
	}

	@Override
	public String describe() {
		return this.expression.text();
	}

	@Override
	public MessageKey resolve(Method method, Object[] arguments, InboundMessage message) {
		try {
			return MessageKey.of(asText(this.expression.evaluate(method, arguments, message)), this.source);
		}
		catch (RuntimeException ex) {
			// EvaluationException, or what a method called by the expression threw as it is
			return MessageKey.failed(this.source, ex);
		}
	}

	private static @Nullable String asText(@Nullable Object value) {
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (value != null) ? value.toString() : null;
	}

}
