package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.NativeDetector;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.ConstructorResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.IndexAccessor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.OperatorOverloader;
import org.springframework.expression.ParseException;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeComparator;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypeLocator;
import org.springframework.expression.TypedValue;
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
	 * the expression uses them. A compiled expression that reads only the message variables, such
	 * as {@code #payload.id}, needs nothing else; for anything else (the method's parameters,
	 * property accessors and method resolvers of an interpreted expression, type references) the
	 * context creates a {@link MethodBasedEvaluationContext} on first use and delegates to it.
	 */
	private static final class MessageEvaluationContext implements EvaluationContext {

		private final Method method;

		private final Object[] arguments;

		private final InboundMessage message;

		private final TypedValue root;

		private @Nullable MethodBasedEvaluationContext standard;

		MessageEvaluationContext(Method method, Object[] arguments, InboundMessage message) {
			this.method = method;
			this.arguments = arguments;
			this.message = message;
			this.root = new TypedValue(message);
		}

		@Override
		public TypedValue getRootObject() {
			return this.root;
		}

		@Override
		public @Nullable Object lookupVariable(String name) {
			return switch (name) {
				case "payload" -> this.message.payload();
				case "headers" -> this.message.headers();
				case "message", "record" -> this.message.raw();
				default -> standard().lookupVariable(name);
			};
		}

		@Override
		public void setVariable(String name, @Nullable Object value) {
			standard().setVariable(name, value);
		}

		@Override
		public List<PropertyAccessor> getPropertyAccessors() {
			return standard().getPropertyAccessors();
		}

		@Override
		public List<IndexAccessor> getIndexAccessors() {
			return standard().getIndexAccessors();
		}

		@Override
		public List<ConstructorResolver> getConstructorResolvers() {
			return standard().getConstructorResolvers();
		}

		@Override
		public List<MethodResolver> getMethodResolvers() {
			return standard().getMethodResolvers();
		}

		@Override
		public @Nullable BeanResolver getBeanResolver() {
			return standard().getBeanResolver();
		}

		@Override
		public TypeLocator getTypeLocator() {
			return standard().getTypeLocator();
		}

		@Override
		public TypeConverter getTypeConverter() {
			return standard().getTypeConverter();
		}

		@Override
		public TypeComparator getTypeComparator() {
			return standard().getTypeComparator();
		}

		@Override
		public OperatorOverloader getOperatorOverloader() {
			return standard().getOperatorOverloader();
		}

		private MethodBasedEvaluationContext standard() {
			MethodBasedEvaluationContext standard = this.standard;
			if (standard == null) {
				standard = new MethodBasedEvaluationContext(this.message, this.method, this.arguments, parameterNames);
				this.standard = standard;
			}
			return standard;
		}

	}

}
