package dev.idempotency.listener;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.NativeDetector;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * A SpEL expression of {@code @Idempotent} over the message a listener method is invoked for,
 * parsed once per method. It sees {@code #payload}, {@code #headers}, {@code #message},
 * {@code #record} and the method's parameters by name and as {@code #p0}, {@code #a0}.
 */
final class MessageExpression {

	private static final SpelExpressionParser parser = new SpelExpressionParser(new SpelParserConfiguration(
			compilerMode(NativeDetector.inNativeImage()), MessageExpression.class.getClassLoader()));

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Expression expression;

	private MessageExpression(Expression expression) {
		this.expression = expression;
	}

	/**
	 * Parse an expression of a method.
	 * @param attribute the annotation attribute that holds it, such as {@code "key"}
	 * @param expression the expression text
	 * @param description the method, as named in messages
	 * @param example an example of a valid expression, for the error message
	 * @return the expression
	 * @throws IllegalStateException if the expression is malformed
	 */
	static MessageExpression parse(String attribute, String expression, String description, String example) {
		try {
			return new MessageExpression(parser.parseExpression(expression));
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Invalid @Idempotent " + attribute + " expression '" + expression
					+ "' on " + description + ": " + ex.getMessage() + ". Fix the SpEL expression, for example "
					+ example + ".", ex);
		}
	}

	/**
	 * Evaluate the expression for one invocation.
	 * @param method the invoked method
	 * @param arguments its arguments
	 * @param message the message it is invoked for
	 * @return the value
	 * @throws RuntimeException what the evaluation, or a method it called, threw
	 */
	@Nullable Object evaluate(Method method, Object[] arguments, InboundMessage message) {
		return this.expression.getValue(new MessageEvaluationContext(method, arguments, message));
	}

	String text() {
		return this.expression.getExpressionString();
	}

	/**
	 * Return how expressions are compiled: to bytecode once they have run often enough, except in
	 * a native image, which cannot define classes at run time. There the compiler's attempt fails
	 * with an {@code Error} that SpEL's mixed mode does not fall back from, so every later message
	 * of the method would fail.
	 * @param nativeImage whether the application runs as a native image
	 * @return the compiler mode
	 */
	static SpelCompilerMode compilerMode(boolean nativeImage) {
		return nativeImage ? SpelCompilerMode.OFF : SpelCompilerMode.MIXED;
	}

	/**
	 * Looks the message variables up lazily, so that a message's headers are only decoded when
	 * the expression uses them.
	 */
	private static final class MessageEvaluationContext extends MethodBasedEvaluationContext {

		private final InboundMessage message;

		MessageEvaluationContext(Method method, Object[] arguments, InboundMessage message) {
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
