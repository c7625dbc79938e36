package dev.idempotency.store.tck;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the contracts of the kit share: the store under test, a random group of records for each
 * test, owner tokens, and the leases and times to live that tests outlast or wait out.
 */
public abstract class StoreContractSupport {

	/** A lease or time to live that no test outlasts. */
	protected static final Duration LONG = Duration.ofMinutes(5);

	/** A lease or time to live that tests wait out. */
	protected static final Duration SHORT = Duration.ofMillis(300);

	/** The longest wait for a short lease or time to live to lapse. */
	protected static final Duration EXPIRY_TIMEOUT = Duration.ofSeconds(10);

	private String group = "";

	/**
	 * Return the store under test. Called for every operation, so it may be created once per
	 * class.
	 * @return the store
	 */
	protected abstract IdempotencyStore store();

	@BeforeEach
	void newGroup() {
		this.group = "contract-" + UUID.randomUUID();
	}

	/**
	 * Return the group of the records of the current test.
	 * @return the group
	 */
	protected final String group() {
		return this.group;
	}

	/**
	 * Return a scope of the group of the current test.
	 * @param consumer the consumer
	 * @param key the key
	 * @return the scope
	 */
	protected final RecordScope scope(String consumer, String key) {
		return new RecordScope(this.group, consumer, key);
	}

	/**
	 * Return a new random owner token, as a gate makes them.
	 * @return the token
	 */
	protected static String newToken() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * Return claims of {@code scopes}, each with a new token.
	 * @param scopes the records to claim
	 * @return the claims
	 */
	protected static List<OwnedClaim> claimsOf(List<RecordScope> scopes) {
		return scopes.stream().map((scope) -> new OwnedClaim(scope, newToken())).toList();
	}

	/**
	 * Claim a record that must be free, and return the claim's token.
	 * @param scope the record
	 * @param lease the lease of the claim
	 * @return the owner token
	 */
	protected final String acquire(RecordScope scope, Duration lease) {
		ClaimResult claim = store().claim(scope, newToken(), lease);
		assertThat(claim.status()).isEqualTo(Status.ACQUIRED);
		assertThat(claim.token()).isNotBlank();
		assertThat(claim.result()).isNull();
		return claim.token();
	}

	/**
	 * Claim a record again and again until the answer is no longer {@code heldStatus}, that is
	 * until a short lease or time to live has lapsed by the store's clock.
	 * @param scope the record
	 * @param heldStatus the answer while the record is held
	 * @return the first other answer
	 */
	protected final ClaimResult awaitClaimNotHeld(RecordScope scope, Status heldStatus) {
		return await().atMost(EXPIRY_TIMEOUT)
			.pollInterval(Duration.ofMillis(25))
			.until(() -> store().claim(scope, newToken(), LONG), (claim) -> claim.status() != heldStatus);
	}

}
