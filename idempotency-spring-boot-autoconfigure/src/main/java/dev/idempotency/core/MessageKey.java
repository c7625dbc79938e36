package dev.idempotency.core;

import org.jspecify.annotations.Nullable;

/**
 * The idempotency key resolved for one message, with a description of where it came from so that
 * a missing key can be reported precisely.
 *
 * @param value the key, or {@code null} if none was found
 * @param source where the key was looked for, such as
 * {@code "key expression '#payload.id' of OrderListener.on(Order)"}
 * @param failure the exception that prevented resolving the key, if any
 */
public record MessageKey(@Nullable String value, String source, @Nullable Throwable failure) {

	/**
	 * A key found in {@code source}, possibly {@code null} or blank.
	 * @param value the key
	 * @param source where it was looked for
	 * @return the message key
	 */
	public static MessageKey of(@Nullable String value, String source) {
		return new MessageKey(value, source, null);
	}

	/**
	 * A key that could not be resolved because of {@code failure}.
	 * @param source where it was looked for
	 * @param failure what went wrong
	 * @return the message key
	 */
	public static MessageKey failed(String source, Throwable failure) {
		return new MessageKey(null, source, failure);
	}

	/**
	 * Whether a usable key was found: not {@code null} and not blank.
	 * @return {@code true} if the key can be used
	 */
	public boolean isPresent() {
		return this.value != null && !this.value.isBlank();
	}

	/**
	 * Describe why no usable key was found.
	 * @return the description
	 */
	public String describeAbsence() {
		if (this.failure != null) {
			return this.source + " failed: " + this.failure.getMessage();
		}
		return this.source + " gave " + ((this.value != null) ? "a blank value" : "null");
	}

}
