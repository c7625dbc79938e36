package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import dev.idempotency.core.MessageKey;
import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Evaluates the SpEL key expression of {@code @Idempotent}, parsed once per method. The
 * expression sees {@code #payload}, {@code #headers}, {@code #message}, {@code #record} and the
 * method's parameters by name and as {@code #p0}, {@code #a0}.
 */
final class ExpressionKeyResolver implements KeyResolver {

	private static final SpelExpressionParser parser = new SpelExpressionParser(
			new SpelParserConfiguration(SpelCompilerMode.MIXED, ExpressionKeyResolver.class.getClassLoader()));

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Expression expression;

	private final String source;

	@Override
	public String describe() {
		return this.expression.getExpressionString();
	}

	private ExpressionKeyResolver(Expression expression, String source) {
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
		try {
			return new ExpressionKeyResolver(parser.parseExpression(expression),
					"key expression '" + expression + "' of " + description);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Invalid @Idempotent key expression '" + expression + "' on "
					+ description + ": " + ex.getMessage() + ". Fix the SpEL expression, for example "
					+ "\"#payload.id\" or \"#headers['order-id']\".", ex);
		}
	}

	@Override
	public MessageKey resolve(Method method, Object[] arguments, InboundMessage message) {
		try {
			Object value = this.expression.getValue(new KeyEvaluationContext(method, arguments, message));
			return MessageKey.of(asText(value), this.source);
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

	/**
	 * Looks the message variables up lazily, so that a message's headers are only decoded when
	 * the expression uses them.
	 */
	private static final class KeyEvaluationContext extends MethodBasedEvaluationContext {

		private final InboundMessage message;

		KeyEvaluationContext(Method method, Object[] arguments, InboundMessage message) {
			super(message, method, arguments, parameterNames);
			this.message = message;
		}

		@Override
		public @Nullable Object lookupVariable(String name) {
			return switch (name) {
				case "payload" -> this.message.payload();
				case "headers" -> this.message.headers();
				case "message", "record" -> this.message.raw();
				default -> super.lookupVariable(name);
			};
		}

	}

}
