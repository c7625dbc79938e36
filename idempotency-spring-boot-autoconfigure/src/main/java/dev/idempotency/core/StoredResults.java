package dev.idempotency.core;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import dev.idempotency.store.RecordScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Turns listener results into stored text and back, within a size cap. A result that cannot be
 * stored is still returned to its first caller; later duplicates then get {@code null}, and a
 * warning says why.
 */
public class StoredResults {

	private static final Log logger = LogFactory.getLog(StoredResults.class);

	private final ResultCodec codec;

	private final DataSize maxSize;

	/**
	 * Create the conversion.
	 * @param codec writes and reads results
	 * @param maxSize the largest text stored ({@code idempotency.max-result-size})
	 */
	public StoredResults(ResultCodec codec, DataSize maxSize) {
		this.codec = codec;
		this.maxSize = maxSize;
	}

	/**
	 * Return the text to store for a result.
	 * @param scope the record the result belongs to
	 * @param result the body's result
	 * @return the text, or {@code null} to store none: no result, or it could not be stored
	 */
	@Nullable String write(RecordScope scope, @Nullable Object result) {
		if (result == null) {
			return null;
		}
		String text;
		try {
			text = this.codec.encode(result);
		}
		catch (RuntimeException ex) {
			logger.warn("The result of message " + scope.key() + " for " + scope.consumer()
					+ " cannot be written as JSON and is not stored; duplicates of the message get no result: "
					+ ex.getMessage(), ex);
			return null;
		}
		long size = text.getBytes(StandardCharsets.UTF_8).length;
		if (size > this.maxSize.toBytes()) {
			logger.warn("The result of message " + scope.key() + " for " + scope.consumer() + " is " + size
					+ " bytes, over idempotency.max-result-size of " + this.maxSize.toBytes()
					+ " bytes; it is returned but not stored, so duplicates of the message get no result.");
			return null;
		}
		return text;
	}

	/**
	 * Read a stored result back.
	 * @param scope the record the result belongs to
	 * @param text the stored text, or {@code null}
	 * @param type the type the listener returns, or {@code null} if it stores no result
	 * @return the result, or {@code null} if none was stored or it cannot be read as {@code type}
	 */
	@Nullable Object read(RecordScope scope, @Nullable String text, @Nullable Type type) {
		if (text == null || type == null) {
			return null;
		}
		try {
			return this.codec.decode(text, type);
		}
		catch (RuntimeException ex) {
			logger.warn("The stored result of message " + scope.key() + " for " + scope.consumer()
					+ " cannot be read as " + type.getTypeName() + "; the duplicate gets no result: "
					+ ex.getMessage(), ex);
			return null;
		}
	}

}
