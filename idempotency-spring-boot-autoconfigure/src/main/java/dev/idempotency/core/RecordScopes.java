package dev.idempotency.core;

import java.nio.charset.StandardCharsets;

import dev.idempotency.store.RecordScope;

import org.springframework.util.Assert;

/**
 * Builds the {@link RecordScope} of a message within one group. A key longer than
 * {@code maxKeyLength} characters is replaced by the hexadecimal SHA-256 of its UTF-8 bytes, so
 * that every store can index it.
 */
public class RecordScopes {

	private static final int SHA_256_HEX_LENGTH = 64;

	private final String group;

	private final int maxKeyLength;

	/**
	 * Create scopes for {@code group}.
	 * @param group the group id
	 * @param maxKeyLength the length above which keys are hashed, at least 64
	 */
	public RecordScopes(String group, int maxKeyLength) {
		Assert.hasText(group, "group must not be empty");
		Assert.isTrue(maxKeyLength >= SHA_256_HEX_LENGTH, "maxKeyLength must be at least " + SHA_256_HEX_LENGTH);
		this.group = group;
		this.maxKeyLength = maxKeyLength;
	}

	/**
	 * Return the scope of {@code key} for {@code consumer}.
	 * @param consumer the consumer name
	 * @param key the message key
	 * @return the record scope
	 */
	public RecordScope scope(String consumer, String key) {
		return new RecordScope(this.group, consumer, (key.length() > this.maxKeyLength) ? Sha256.hex(key.getBytes(StandardCharsets.UTF_8)) : key);
	}

	/**
	 * Return the group id of the scopes.
	 * @return the group id
	 */
	public String group() {
		return this.group;
	}

}
