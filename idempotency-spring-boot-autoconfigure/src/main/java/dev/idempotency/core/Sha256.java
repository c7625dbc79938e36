package dev.idempotency.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digests the gate stores in place of long keys and message content.
 */
public final class Sha256 {

	private Sha256() {
	}

	/**
	 * Return the SHA-256 of {@code bytes} as 64 lower-case hexadecimal digits.
	 * @param bytes the bytes to digest
	 * @return the digest
	 */
	public static String hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
