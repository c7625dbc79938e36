package dev.idempotency.store.jdbc;

import java.util.regex.Pattern;

/**
 * The names the JDBC store accepts for its table: plain SQL identifiers, written into statements
 * as they are, so that nothing else can be.
 */
public final class SqlIdentifiers {

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	private SqlIdentifiers() {
	}

	/**
	 * Whether {@code name} is a plain SQL identifier.
	 * @param name the name
	 * @return {@code true} for letters, digits and underscores, not starting with a digit, at most
	 * 63 characters
	 */
	public static boolean isPlain(String name) {
		return PLAIN.matcher(name).matches();
	}

}
