package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How key and fingerprint expressions are compiled, and the variables they see.
 */
class MessageExpressionTests {

	private static final Method HANDLE = ReflectionUtils.findMethod(MessageExpressionTests.class, "handle",
			Order.class, String.class);

	private final Order order = new Order("o-1");

	private final Object[] arguments = { this.order, "eu" };

	private final InboundMessage message = new Message();

	@Test
	void expressionsAreCompiledOnTheJvm() {
		assertThat(MessageExpression.compilerMode(false)).isEqualTo(SpelCompilerMode.MIXED);
	}

	@Test
	void expressionsAreOnlyInterpretedInANativeImage() {
		assertThat(MessageExpression.compilerMode(true)).isEqualTo(SpelCompilerMode.OFF);
	}

	@Test
	void seesTheMessageVariablesBeforeAndAfterCompilation() {
		assertEvaluatesRepeatedly("#payload.id()", "o-1");
		assertEvaluatesRepeatedly("#headers['region']", "eu-west");
		assertEvaluatesRepeatedly("#message", "raw");
		assertEvaluatesRepeatedly("#record", "raw");
	}

	@Test
	void seesTheParametersByNameAndPosition() {
		assertEvaluatesRepeatedly("#order.id() + '/' + #region", "o-1/eu");
		assertEvaluatesRepeatedly("#p0.id() + '/' + #a1", "o-1/eu");
	}

	@Test
	void resolvesTypesMethodsAndAssignedVariables() {
		assertEvaluatesRepeatedly("T(java.lang.String).valueOf(#p1).toUpperCase()", "EU");
		assertEvaluatesRepeatedly("(#suffix = '-x') != null ? #p1 + #suffix : null", "eu-x");
	}

	/**
	 * Evaluate often enough for SpEL's mixed mode to compile the expression where it can.
	 */
	private void assertEvaluatesRepeatedly(String expression, Object expected) {
		MessageExpression parsed = MessageExpression.parse("key", expression, "handle", "#payload.id");
		for (int i = 0; i < 200; i++) {
			assertThat(parsed.evaluate(HANDLE, this.arguments, this.message)).isEqualTo(expected);
		}
	}

	void handle(Order order, String region) {
	}

	record Order(String id) {
	}

	private final class Message implements InboundMessage {

		@Override
		public Object raw() {
			return "raw";
		}

		@Override
		public Object payload() {
			return MessageExpressionTests.this.order;
		}

		@Override
		public Map<String, Object> headers() {
			return Map.of("region", "eu-west");
		}

		@Override
		public @Nullable String header(String name) {
			return (String) headers().get(name);
		}

	}

}
