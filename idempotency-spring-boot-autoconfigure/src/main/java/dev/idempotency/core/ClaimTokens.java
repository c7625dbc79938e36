package dev.idempotency.core;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * The owner tokens of one gate's claims. A claim is made with the gate's own token, random per
 * gate and so per application instance, unless the gate holds that record already (a concurrent
 * copy of the message); then with a random token of its own. A record left in progress under
 * the gate's token while the gate no longer holds it can only be a claim whose answer was lost,
 * or whose release failed, so the next delivery of the message takes it up at once instead of
 * waiting for its lease.
 */
final class ClaimTokens {

	private final String instance = random();

	private final Set<RecordScope> held = ConcurrentHashMap.newKeySet();

	/**
	 * Return the token to claim {@code scope} with, and hold the scope if it is the gate's own.
	 */
	String take(RecordScope scope) {
		String own = takeOwn(scope);
		return (own != null) ? own : random();
	}

	/**
	 * Return the gate's own token to claim {@code scope} with and hold the scope, unless the gate
	 * holds it already.
	 */
	@Nullable String takeOwn(RecordScope scope) {
		return this.held.add(scope) ? this.instance : null;
	}

	/**
	 * Stop holding the scope of a claim that has ended, or was never made.
	 */
	void free(OwnedClaim claim) {
		if (this.instance.equals(claim.token())) {
			this.held.remove(claim.scope());
		}
	}

	/**
	 * Return a new random token of 32 hexadecimal characters. Tokens must be unguessable across
	 * instances, not secret, so a thread-local random source is enough.
	 */
	static String random() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new UUID(random.nextLong(), random.nextLong()).toString().replace("-", "");
	}

}
