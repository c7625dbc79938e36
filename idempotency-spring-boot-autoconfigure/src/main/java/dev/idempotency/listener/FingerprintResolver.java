package dev.idempotency.listener;

import java.lang.reflect.Method;

import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.core.Sha256;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Computes the fingerprint of a message from {@code @Idempotent(fingerprint = ...)}: the SHA-256
 * of the expression's value written as canonical JSON (properties and map entries sorted), so
 * that equal content gives an equal fingerprint whatever the order of its fields.
 */
final class FingerprintResolver {

	private static final JsonMapper canonical = JsonMapper.builder()
		.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private final MessageExpression expression;

	private final String source;

	private FingerprintResolver(MessageExpression expression, String source) {
		this.expression = expression;
		this.source = source;
	}

	/**
	 * Parse the fingerprint expression of a method.
	 * @param expression the expression text
	 * @param description the method, as named in messages
	 * @return the resolver
	 * @throws IllegalStateException if the expression is malformed
	 */
	static FingerprintResolver parse(String expression, String description) {
		return new FingerprintResolver(
				MessageExpression.parse("fingerprint", expression, description, "\"#payload\" or \"#payload.amount\""),
				"fingerprint expression '" + expression + "' of " + description);
	}

	/**
	 * Compute the fingerprint of one message.
	 * @param consumer the consumer, as named in an error
	 * @param method the invoked method
	 * @param arguments its arguments
	 * @param message the message
	 * @return the fingerprint
	 * @throws IdempotencyKeyException if the expression fails or its value cannot be written as
	 * JSON: the message cannot be checked, and will not be on a redelivery either
	 */
	String resolve(String consumer, Method method, Object[] arguments, InboundMessage message) {
		try {
			return Sha256.hex(canonical.writeValueAsBytes(this.expression.evaluate(method, arguments, message)));
		}
		catch (RuntimeException ex) {
			throw new IdempotencyKeyException(consumer, "The " + this.source + " failed: " + ex.getMessage()
					+ ". Fix the expression so that it gives a value that can be written as JSON.", ex);
		}
	}

}
