package dev.idempotency.test;

import java.util.List;
import java.util.UUID;

import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;

/**
 * Owner tokens for tests that claim records in a store directly, as a gate of their own would.
 */
public final class Tokens {

	private Tokens() {
	}

	/**
	 * Return a new random owner token.
	 * @return the token
	 */
	public static String next() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * Return claims of {@code scopes}, each with a new token.
	 * @param scopes the records to claim
	 * @return the claims
	 */
	public static List<OwnedClaim> claims(List<RecordScope> scopes) {
		return scopes.stream().map((scope) -> new OwnedClaim(scope, next())).toList();
	}

}
