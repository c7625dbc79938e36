package dev.idempotency.store.redis;

import java.time.Instant;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.jspecify.annotations.Nullable;

/**
 * A record as the Redis store keeps it: one string value,
 * {@code IN_PROGRESS|<token>|<fingerprint>} while claimed, then
 * {@code COMPLETED||<fingerprint>} or, with a stored result, {@code COMPLETED||<fingerprint>|<result>}.
 * The token and the fingerprint are spelled with {@code %} as {@code %25} and {@code |} as
 * {@code %7C}, so that neither holds the separator; the result is the rest of the value, as it is.
 * An empty fingerprint is no fingerprint.
 *
 * @param status the record's state
 * @param token the owner token while in progress
 * @param fingerprint the fingerprint of the claim, if any
 * @param result the stored result of a completed record, if any
 */
record RedisRecord(RecordStatus status, @Nullable String token, @Nullable String fingerprint,
		@Nullable String result) {

	private static final String IN_PROGRESS = "IN_PROGRESS|";

	/**
	 * Return the value of a new claim.
	 * @param spelledToken the owner token, {@link #spell spelled}
	 * @param fingerprint the fingerprint, or {@code null}
	 * @return the value
	 */
	static String claimed(String spelledToken, @Nullable String fingerprint) {
		return IN_PROGRESS + spelledToken + "|" + ((fingerprint != null) ? spell(fingerprint) : "");
	}

	/**
	 * Tell whether a stored value is a claim of the given owner.
	 * @param value the stored value
	 * @param spelledToken the owner token, {@link #spell spelled}
	 * @return {@code true} if the value is in progress under that token
	 */
	static boolean isClaimedBy(String value, String spelledToken) {
		return value.startsWith(IN_PROGRESS + spelledToken + "|");
	}

	/**
	 * Tell whether Redis refused a command because its key holds another type than a string: a
	 * hash record of earlier versions, or no record at all.
	 * @param error the error, or an exception it caused
	 * @return {@code true} for a {@code WRONGTYPE} error
	 */
	static boolean isOtherType(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().startsWith("WRONGTYPE")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Read a stored value.
	 * @param key the Redis key that holds it, for the message of a value that is no record
	 * @param value the stored value
	 * @return the record
	 * @throws IllegalStateException if the value is not a record of this store
	 */
	static RedisRecord parse(String key, String value) {
		int statusEnd = value.indexOf('|');
		int tokenEnd = (statusEnd < 0) ? -1 : value.indexOf('|', statusEnd + 1);
		RecordStatus status = (tokenEnd < 0) ? null : status(value.substring(0, statusEnd));
		if (status == null) {
			throw new IllegalStateException("The Redis key " + key + " holds a value that is not an idempotency "
					+ "record; delete the key or choose another idempotency.key-prefix");
		}
		int fingerprintEnd = value.indexOf('|', tokenEnd + 1);
		String token = unspell(value.substring(statusEnd + 1, tokenEnd));
		String fingerprint = unspell(value.substring(tokenEnd + 1, (fingerprintEnd < 0) ? value.length() : fingerprintEnd));
		String result = (fingerprintEnd < 0) ? null : value.substring(fingerprintEnd + 1);
		return new RedisRecord(status, token, fingerprint, result);
	}

	/**
	 * Return the answer to a claim.
	 * @param key the Redis key of the record
	 * @param found the record the claim found, or {@code null} if it wrote its own
	 * @param token the caller's owner token
	 * @return {@code ACQUIRED} when nothing was found, else {@code DUPLICATE} or
	 * {@code IN_PROGRESS} with the stored fingerprint
	 */
	static ClaimResult claimAnswer(String key, @Nullable String found, String token) {
		if (found == null) {
			return ClaimResult.acquired(token);
		}
		RedisRecord record = parse(key, found);
		return (record.status == RecordStatus.COMPLETED) ? ClaimResult.duplicate(record.result, record.fingerprint)
				: ClaimResult.inProgress(record.fingerprint);
	}

	/**
	 * Return this record as the store's API describes records.
	 * @param scope the record's identity
	 * @param expiresAt when its lease or time to live ends
	 * @return the record
	 */
	IdempotencyRecord toRecord(RecordScope scope, Instant expiresAt) {
		return new IdempotencyRecord(scope, this.status, this.token, expiresAt, this.result, this.fingerprint);
	}

	/**
	 * Spell a token or a fingerprint without the separator.
	 * @param text the token or fingerprint
	 * @return its spelling in a record
	 */
	static String spell(String text) {
		if (text.indexOf('%') < 0 && text.indexOf('|') < 0) {
			return text;
		}
		return text.replace("%", "%25").replace("|", "%7C");
	}

	private static @Nullable String unspell(String spelled) {
		if (spelled.isEmpty()) {
			return null;
		}
		if (spelled.indexOf('%') < 0) {
			return spelled;
		}
		StringBuilder text = new StringBuilder(spelled.length());
		for (int i = 0; i < spelled.length(); i++) {
			if (spelled.startsWith("%25", i)) {
				text.append('%');
				i += 2;
			}
			else if (spelled.startsWith("%7C", i)) {
				text.append('|');
				i += 2;
			}
			else {
				text.append(spelled.charAt(i));
			}
		}
		return text.toString();
	}

	private static @Nullable RecordStatus status(String name) {
		return switch (name) {
			case "IN_PROGRESS" -> RecordStatus.IN_PROGRESS;
			case "COMPLETED" -> RecordStatus.COMPLETED;
			default -> null;
		};
	}

}
