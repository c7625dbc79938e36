package dev.idempotency.listener;

import org.junit.jupiter.api.Test;

import org.springframework.expression.spel.SpelCompilerMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How key and fingerprint expressions are compiled.
 */
class MessageExpressionTests {

	@Test
	void expressionsAreCompiledOnTheJvm() {
		assertThat(MessageExpression.compilerMode(false)).isEqualTo(SpelCompilerMode.MIXED);
	}

	@Test
	void expressionsAreOnlyInterpretedInANativeImage() {
		assertThat(MessageExpression.compilerMode(true)).isEqualTo(SpelCompilerMode.OFF);
	}

}
