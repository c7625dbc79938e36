package dev.idempotency.store;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates owner tokens for new claims. Tokens must be unique, not secret, so a thread-local
 * random source is enough and avoids contention on {@code SecureRandom}.
 */
public final class OwnerTokens {

	private OwnerTokens() {
	}

	/**
	 * Return a new random token of 32 hexadecimal characters.
	 * @return the token
	 */
	public static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new UUID(random.nextLong(), random.nextLong()).toString().replace("-", "");
	}

}
