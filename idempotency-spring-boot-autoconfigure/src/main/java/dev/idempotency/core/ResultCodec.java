package dev.idempotency.core;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * Writes a listener's result as text for the store, and reads it back for a duplicate delivery.
 */
public interface ResultCodec {

	/**
	 * Write a result.
	 * @param result the body's result
	 * @return its text form
	 * @throws RuntimeException if the result cannot be written
	 */
	String encode(Object result);

	/**
	 * Read a stored result back as {@code type}.
	 * @param text the stored text
	 * @param type the type the listener returns
	 * @return the result
	 * @throws RuntimeException if the text cannot be read as {@code type}
	 */
	@Nullable Object decode(String text, Type type);

}
