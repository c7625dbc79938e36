package dev.idempotency.store.tck;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link IdempotencyStore} must have: the record protocol of claim, complete,
 * release and extend, the owner-token rules, expiry by the store's own clock, batches, find and
 * delete, and races of many threads for the same keys. Run it against a store by extending this
 * class and returning the store from {@link #store()}:
 *
 * <pre class="code">
 * class MyStoreContractTests extends AbstractIdempotencyStoreContractTest {
 *
 *     private final MyStore store = new MyStore(...);
 *
 *     &#64;Override
 *     protected IdempotencyStore store() {
 *         return this.store;
 *     }
 *
 * }
 * </pre>
 *
 * Expiry is observed in real time, with short leases and time to live, so that the same tests run
 * against stores whose clock cannot be faked (Redis, databases). Each test works on records of its
 * own random group, so the store may be shared by the tests of a class and may keep records of
 * earlier runs. A store with optional capabilities runs their contracts too:
 * {@link AbstractTransactionalClaimsContractTest} and
 * {@link AbstractExpiredRecordDeletionContractTest}.
 */
public abstract class AbstractIdempotencyStoreContractTest extends StoreContractSupport {

	/** A token that no claim was given. */
	private static final String FORGED_TOKEN = "0123456789abcdef0123456789abcdef";

	private RecordScope scope(String key) {
		return scope("payments", key);
	}

	@Test
	void firstClaimIsAcquiredAndASecondClaimFindsItInProgress() {
		RecordScope scope = scope("order-1");
		acquire(scope, LONG);
		ClaimResult second = store().claim(scope, newToken(), LONG);
		assertThat(second.status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(second.token()).isNull();
		assertThat(second.result()).isNull();
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
	}

	@Test
	void claimIsAcquiredWithTheCallersToken() {
		String token = newToken();
		assertThat(store().claim(scope("order-1"), token, LONG)).isEqualTo(ClaimResult.acquired(token));
	}

	@Test
	void liveClaimUnderTheCallersOwnTokenIsTheCallersAgainWithARenewedLease() throws InterruptedException {
		RecordScope scope = scope("order-1");
		String token = newToken();
		assertThat(store().claim(scope, token, SHORT, "fp-1")).isEqualTo(ClaimResult.acquired(token));
		assertThat(store().claim(scope, token, LONG, "fp-1")).isEqualTo(ClaimResult.acquired(token));
		Thread.sleep(SHORT.multipliedBy(3).toMillis());
		assertThat(store().claim(scope, newToken(), LONG, "fp-1")).isEqualTo(ClaimResult.inProgress("fp-1"));
		assertThat(store().complete(scope, token, LONG, "done")).isTrue();
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("done", "fp-1"));
	}

	@Test
	void completedRecordIsADuplicateEvenForTheTokenThatClaimedIt() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, LONG, "done")).isTrue();
		assertThat(store().claim(scope, token, LONG)).isEqualTo(ClaimResult.duplicate("done"));
	}

	@Test
	void claimOfAllTakesUpTheCallersOwnLiveClaimsOnly() {
		RecordScope own = scope("order-1");
		RecordScope other = scope("order-2");
		String token = acquire(own, LONG);
		acquire(other, LONG);
		assertThat(store().claimAll(List.of(new OwnedClaim(own, token), new OwnedClaim(other, token)), LONG))
			.containsExactly(ClaimResult.acquired(token), ClaimResult.inProgress());
	}

	@Test
	void completedClaimIsADuplicateWithItsResult() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, LONG, "{\"receipt\":\"r-1\",\"text\":\"ünïcødé ✓\"}")).isTrue();
		ClaimResult duplicate = store().claim(scope, newToken(), LONG);
		assertThat(duplicate.status()).isEqualTo(Status.DUPLICATE);
		assertThat(duplicate.token()).isNull();
		assertThat(duplicate.result()).isEqualTo("{\"receipt\":\"r-1\",\"text\":\"ünïcødé ✓\"}");
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(duplicate);
	}

	@Test
	void completedClaimWithoutResultIsADuplicateWithoutResult() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, LONG, null)).isTrue();
		ClaimResult duplicate = store().claim(scope, newToken(), LONG);
		assertThat(duplicate.status()).isEqualTo(Status.DUPLICATE);
		assertThat(duplicate.token()).isNull();
		assertThat(duplicate.result()).isNull();
	}

	@Test
	void fingerprintOfTheClaimIsKeptThroughCompletionAndAnsweredToLaterClaims() {
		RecordScope scope = scope("order-1");
		ClaimResult claim = store().claim(scope, newToken(), LONG, "fp-1");
		assertThat(claim.status()).isEqualTo(Status.ACQUIRED);
		assertThat(store().claim(scope, newToken(), LONG, "fp-2")).isEqualTo(ClaimResult.inProgress("fp-1"));
		assertThat(store().find(scope).map(IdempotencyRecord::fingerprint)).contains("fp-1");
		assertThat(store().complete(scope, claim.token(), LONG, "done")).isTrue();
		ClaimResult duplicate = store().claim(scope, newToken(), LONG, "fp-2");
		assertThat(duplicate).isEqualTo(ClaimResult.duplicate("done", "fp-1"));
		assertThat(duplicate.conflictsWith("fp-2")).isTrue();
		assertThat(duplicate.conflictsWith("fp-1")).isFalse();
		assertThat(store().find(scope).map(IdempotencyRecord::fingerprint)).contains("fp-1");
	}

	@Test
	void claimWithoutFingerprintStoresNone() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().claim(scope, newToken(), LONG, "fp-1")).isEqualTo(ClaimResult.inProgress());
		assertThat(store().complete(scope, token, LONG, null)).isTrue();
		ClaimResult duplicate = store().claim(scope, newToken(), LONG, "fp-1");
		assertThat(duplicate).isEqualTo(ClaimResult.duplicate(null));
		assertThat(duplicate.conflictsWith("fp-1")).isFalse();
		assertThat(store().find(scope).map(IdempotencyRecord::fingerprint)).isEmpty();
	}

	@Test
	void completingTwiceAnswersFalseTheSecondTime() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, LONG, "first")).isTrue();
		assertThat(store().complete(scope, token, LONG, "second")).isFalse();
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("first"));
	}

	@Test
	void completedRecordExpiresAfterItsTtlAndIsClaimedAgain() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, SHORT, "done")).isTrue();
		ClaimResult afterTtl = awaitClaimNotHeld(scope, Status.DUPLICATE);
		assertThat(afterTtl.status()).isEqualTo(Status.ACQUIRED);
		assertThat(afterTtl.token()).isNotBlank().isNotEqualTo(token);
		assertThat(afterTtl.result()).isNull();
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
	}

	@Test
	void expiredRecordIsNotFoundAndNotDeleted() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, SHORT, "done")).isTrue();
		await().atMost(EXPIRY_TIMEOUT)
			.pollInterval(Duration.ofMillis(25))
			.until(() -> store().find(scope), Optional::isEmpty);
		assertThat(store().delete(scope)).isFalse();
		assertThat(acquire(scope, LONG)).isNotEqualTo(token);
	}

	@Test
	void lapsedLeaseIsTakenOverWithANewToken() {
		RecordScope scope = scope("order-1");
		String crashed = acquire(scope, SHORT);
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		ClaimResult takeOver = awaitClaimNotHeld(scope, Status.IN_PROGRESS);
		assertThat(takeOver.status()).isEqualTo(Status.ACQUIRED);
		String token = takeOver.token();
		assertThat(token).isNotBlank().isNotEqualTo(crashed);
		assertThat(store().complete(scope, crashed, LONG, "late")).isFalse();
		assertThat(store().extend(scope, crashed, LONG)).isFalse();
		store().release(scope, crashed);
		assertThat(store().find(scope)).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(token);
		});
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(store().complete(scope, token, LONG, "new")).isTrue();
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("new"));
	}

	@Test
	void lapsedLeaseCannotBeCompletedOrExtended() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, SHORT);
		await().atMost(EXPIRY_TIMEOUT)
			.pollInterval(Duration.ofMillis(25))
			.until(() -> store().find(scope), Optional::isEmpty);
		assertThat(store().extend(scope, token, LONG)).isFalse();
		assertThat(store().complete(scope, token, LONG, null)).isFalse();
		assertThat(store().find(scope)).isEmpty();
		assertThat(acquire(scope, LONG)).isNotEqualTo(token);
	}

	@Test
	void completeWithAnotherTokenAnswersFalseAndKeepsTheClaim() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, FORGED_TOKEN, LONG, "forged")).isFalse();
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(store().complete(scope, token, LONG, "real")).isTrue();
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("real"));
	}

	@Test
	void releaseWithAnotherTokenKeepsTheClaim() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		store().release(scope, FORGED_TOKEN);
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(store().find(scope).map(IdempotencyRecord::ownerToken)).contains(token);
	}

	@Test
	void extendWithAnotherTokenAnswersFalseAndKeepsTheLease() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, SHORT);
		assertThat(store().extend(scope, FORGED_TOKEN, LONG)).isFalse();
		ClaimResult takeOver = awaitClaimNotHeld(scope, Status.IN_PROGRESS);
		assertThat(takeOver.status()).isEqualTo(Status.ACQUIRED);
		assertThat(takeOver.token()).isNotEqualTo(token);
	}

	@Test
	void releaseWithTheTokenDeletesTheClaim() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		store().release(scope, token);
		assertThat(store().find(scope)).isEmpty();
		assertThat(acquire(scope, LONG)).isNotEqualTo(token);
	}

	@Test
	void releaseAfterCompletionKeepsTheCompletedRecord() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, LONG, "done")).isTrue();
		store().release(scope, token);
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("done"));
	}

	@Test
	void extendAfterCompletionAnswersFalseAndKeepsTheCompletedRecord() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, LONG, "done")).isTrue();
		assertThat(store().extend(scope, token, SHORT)).isFalse();
		assertThat(store().find(scope)).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.COMPLETED);
			assertThat(record.expiresAt()).isAfter(Instant.now().plus(LONG).minusSeconds(60));
		});
	}

	@Test
	void operationsOnAnAbsentRecordChangeNothing() {
		RecordScope scope = scope("order-1");
		assertThat(store().complete(scope, FORGED_TOKEN, LONG, "forged")).isFalse();
		assertThat(store().extend(scope, FORGED_TOKEN, LONG)).isFalse();
		store().release(scope, FORGED_TOKEN);
		assertThat(store().find(scope)).isEmpty();
		assertThat(store().delete(scope)).isFalse();
		acquire(scope, LONG);
	}

	@Test
	void extendKeepsAClaimBeyondItsOriginalLease() throws InterruptedException {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, SHORT);
		assertThat(store().extend(scope, token, LONG)).isTrue();
		Thread.sleep(SHORT.multipliedBy(2).toMillis());
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(store().find(scope)).hasValueSatisfying((record) -> {
			assertThat(record.ownerToken()).isEqualTo(token);
			assertThat(record.expiresAt()).isAfter(Instant.now().plus(LONG).minusSeconds(60));
		});
		assertThat(store().extend(scope, token, LONG)).isTrue();
		assertThat(store().complete(scope, token, LONG, "done")).isTrue();
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("done"));
	}

	@Test
	void extendCanShortenTheLease() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().extend(scope, token, SHORT)).isTrue();
		ClaimResult takeOver = awaitClaimNotHeld(scope, Status.IN_PROGRESS);
		assertThat(takeOver.status()).isEqualTo(Status.ACQUIRED);
		assertThat(takeOver.token()).isNotEqualTo(token);
	}

	@Test
	void findReadsAClaimInProgress() {
		RecordScope scope = scope("order-1");
		Instant before = Instant.now();
		String token = acquire(scope, Duration.ofHours(1));
		Optional<IdempotencyRecord> found = store().find(scope);
		assertThat(found).hasValueSatisfying((record) -> {
			assertThat(record.scope()).isEqualTo(scope);
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(token);
			assertThat(record.expiresAt()).isBetween(before.plus(Duration.ofMinutes(59)),
					Instant.now().plus(Duration.ofMinutes(61)));
			assertThat(record.result()).isNull();
		});
	}

	@Test
	void findReadsACompletedRecord() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		Instant before = Instant.now();
		assertThat(store().complete(scope, token, Duration.ofDays(7), "{\"id\":1}")).isTrue();
		Optional<IdempotencyRecord> found = store().find(scope);
		assertThat(found).hasValueSatisfying((record) -> {
			assertThat(record.scope()).isEqualTo(scope);
			assertThat(record.status()).isEqualTo(RecordStatus.COMPLETED);
			assertThat(record.ownerToken()).isNull();
			assertThat(record.expiresAt()).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(60),
					Instant.now().plus(Duration.ofDays(7)).plusSeconds(60));
			assertThat(record.result()).isEqualTo("{\"id\":1}");
		});
	}

	@Test
	void findAnswersEmptyForAnAbsentRecord() {
		assertThat(store().find(scope("order-1"))).isEmpty();
	}

	@Test
	void deleteRemovesALiveClaim() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().delete(scope)).isTrue();
		assertThat(store().find(scope)).isEmpty();
		assertThat(store().delete(scope)).isFalse();
		assertThat(store().complete(scope, token, LONG, null)).isFalse();
		assertThat(acquire(scope, LONG)).isNotEqualTo(token);
	}

	@Test
	void deleteRemovesACompletedRecordSoThatTheMessageIsProcessedAgain() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, LONG, "done")).isTrue();
		assertThat(store().delete(scope)).isTrue();
		assertThat(store().find(scope)).isEmpty();
		acquire(scope, LONG);
	}

	@Test
	void deleteAnswersFalseForAnAbsentRecord() {
		assertThat(store().delete(scope("order-1"))).isFalse();
	}

	@Test
	void unicodeKeysAreStoredAsTheyAre() {
		RecordScope scope = scope("ключ-🔑-鍵");
		RecordScope similar = scope("ключ-🔑-鍵-2");
		String token = acquire(scope, LONG);
		assertThat(store().complete(scope, token, LONG, "результат ✓")).isTrue();
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("результат ✓"));
		assertThat(store().find(scope)).hasValueSatisfying((record) -> {
			assertThat(record.scope()).isEqualTo(scope);
			assertThat(record.scope().key()).isEqualTo("ключ-🔑-鍵");
			assertThat(record.result()).isEqualTo("результат ✓");
		});
		acquire(similar, LONG);
		assertThat(store().delete(scope)).isTrue();
		assertThat(store().claim(similar, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
	}

	@Test
	void scopesWithTheSameKeyAreIndependent() {
		RecordScope payments = scope("payments", "order-1");
		RecordScope emails = scope("emails", "order-1");
		RecordScope otherGroup = new RecordScope(group() + "-other", "payments", "order-1");
		String paymentsToken = acquire(payments, LONG);
		String emailsToken = acquire(emails, LONG);
		String otherGroupToken = acquire(otherGroup, LONG);
		assertThat(List.of(paymentsToken, emailsToken, otherGroupToken)).doesNotHaveDuplicates();
		assertThat(store().complete(payments, paymentsToken, LONG, "paid")).isTrue();
		assertThat(store().complete(emails, paymentsToken, LONG, "forged")).isFalse();
		assertThat(store().claim(payments, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("paid"));
		assertThat(store().claim(emails, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(store().claim(otherGroup, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		store().release(emails, emailsToken);
		assertThat(store().claim(payments, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("paid"));
		assertThat(store().claim(otherGroup, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(store().delete(otherGroup)).isTrue();
		assertThat(store().claim(payments, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("paid"));
		acquire(emails, LONG);
		acquire(otherGroup, LONG);
	}

	@Test
	void claimAllAnswersForEachScopeInOrder() {
		RecordScope done = scope("done");
		RecordScope held = scope("held");
		RecordScope fresh = scope("fresh");
		RecordScope other = scope("other");
		assertThat(store().complete(done, acquire(done, LONG), LONG, "r-1")).isTrue();
		String holder = acquire(held, LONG);
		List<ClaimResult> claims = store().claimAll(claimsOf(List.of(fresh, done, held, other)), LONG);
		assertThat(claims).extracting(ClaimResult::status)
			.containsExactly(Status.ACQUIRED, Status.DUPLICATE, Status.IN_PROGRESS, Status.ACQUIRED);
		assertThat(claims.get(1)).isEqualTo(ClaimResult.duplicate("r-1"));
		assertThat(List.of(claims.get(0).token(), claims.get(3).token(), holder)).doesNotContainNull()
			.doesNotHaveDuplicates();
		assertThat(store().find(fresh).map(IdempotencyRecord::ownerToken)).contains(claims.get(0).token());
		assertThat(store().find(other).map(IdempotencyRecord::ownerToken)).contains(claims.get(3).token());
		assertThat(store().find(held).map(IdempotencyRecord::ownerToken)).contains(holder);
	}

	@Test
	void claimAllOfTheSameScopeTwiceAcquiresItOnce() {
		RecordScope scope = scope("order-1");
		List<ClaimResult> claims = store().claimAll(claimsOf(List.of(scope, scope)), LONG);
		assertThat(claims).extracting(ClaimResult::status).containsExactly(Status.ACQUIRED, Status.IN_PROGRESS);
		assertThat(store().find(scope).map(IdempotencyRecord::ownerToken)).contains(claims.get(0).token());
	}

	@Test
	void batchOperationsOnNoScopes() {
		assertThat(store().claimAll(claimsOf(List.of()), LONG)).isEmpty();
		assertThat(store().completeAll(List.of(), LONG)).isEmpty();
		assertThat(store().extendAll(List.of(), LONG)).isEmpty();
		store().releaseAll(List.of());
	}

	@Test
	void completeAllCompletesTheClaimsOwnedByTheirTokens() {
		RecordScope first = scope("order-1");
		RecordScope forged = scope("order-2");
		RecordScope last = scope("order-3");
		List<ClaimResult> claims = store().claimAll(claimsOf(List.of(first, forged, last)), LONG);
		Instant before = Instant.now();
		List<Boolean> completed = store().completeAll(List.of(new OwnedClaim(first, claims.get(0).token()),
				new OwnedClaim(forged, FORGED_TOKEN), new OwnedClaim(last, claims.get(2).token()),
				new OwnedClaim(scope("absent"), claims.get(0).token())), Duration.ofHours(1));
		assertThat(completed).containsExactly(true, false, true, false);
		assertThat(store().claim(first, newToken(), LONG)).isEqualTo(ClaimResult.duplicate(null));
		assertThat(store().claim(last, newToken(), LONG)).isEqualTo(ClaimResult.duplicate(null));
		assertThat(store().claim(forged, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(store().find(scope("absent"))).isEmpty();
		assertThat(store().find(first)).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.COMPLETED);
			assertThat(record.expiresAt()).isBetween(before.plus(Duration.ofMinutes(59)),
					Instant.now().plus(Duration.ofMinutes(61)));
		});
		assertThat(store().completeAll(List.of(new OwnedClaim(first, claims.get(0).token())), LONG))
			.containsExactly(false);
	}

	@Test
	void extendAllExtendsTheClaimsOwnedByTheirTokens() {
		RecordScope extended = scope("order-1");
		RecordScope forged = scope("order-2");
		RecordScope done = scope("order-3");
		List<ClaimResult> claims = store().claimAll(claimsOf(List.of(extended, forged, done)), SHORT);
		assertThat(store().complete(done, claims.get(2).token(), LONG, "r-3")).isTrue();
		Instant before = Instant.now();
		List<Boolean> answers = store().extendAll(List.of(new OwnedClaim(extended, claims.get(0).token()),
				new OwnedClaim(forged, FORGED_TOKEN), new OwnedClaim(done, claims.get(2).token()),
				new OwnedClaim(scope("absent"), claims.get(0).token())), Duration.ofHours(1));
		assertThat(answers).containsExactly(true, false, false, false);
		assertThat(store().find(extended)).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(claims.get(0).token());
			assertThat(record.expiresAt()).isBetween(before.plus(Duration.ofMinutes(59)),
					Instant.now().plus(Duration.ofMinutes(61)));
		});
		assertThat(store().claim(done, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("r-3"));
		assertThat(store().find(scope("absent"))).isEmpty();
		ClaimResult takeOver = awaitClaimNotHeld(forged, Status.IN_PROGRESS);
		assertThat(takeOver.status()).isEqualTo(Status.ACQUIRED);
		assertThat(store().claim(extended, newToken(), LONG).status()).isEqualTo(Status.IN_PROGRESS);
		assertThat(store().complete(extended, claims.get(0).token(), LONG, null)).isTrue();
	}

	@Test
	void releaseAllReleasesTheClaimsOwnedByTheirTokens() {
		RecordScope released = scope("order-1");
		RecordScope forged = scope("order-2");
		RecordScope done = scope("order-3");
		List<ClaimResult> claims = store().claimAll(claimsOf(List.of(released, forged, done)), LONG);
		assertThat(store().complete(done, claims.get(2).token(), LONG, "r-3")).isTrue();
		store().releaseAll(List.of(new OwnedClaim(released, claims.get(0).token()),
				new OwnedClaim(forged, FORGED_TOKEN), new OwnedClaim(done, claims.get(2).token())));
		assertThat(store().find(released)).isEmpty();
		assertThat(store().find(forged).map(IdempotencyRecord::ownerToken)).contains(claims.get(1).token());
		assertThat(store().claim(done, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("r-3"));
		assertThat(store().claim(released, newToken(), LONG).status()).isEqualTo(Status.ACQUIRED);
	}

	@Test
	void batchOfClaimsSharingOneTokenEndsEachClaimItOwns() {
		RecordScope completed = scope("order-1");
		RecordScope held = scope("order-2");
		RecordScope extended = scope("order-3");
		RecordScope released = scope("order-4");
		String holder = acquire(held, LONG);
		String token = newToken();
		List<ClaimResult> claims = store().claimAll(
				List.of(completed, held, extended, released).stream().map((scope) -> new OwnedClaim(scope, token)).toList(),
				SHORT);
		assertThat(claims).extracting(ClaimResult::status)
			.containsExactly(Status.ACQUIRED, Status.IN_PROGRESS, Status.ACQUIRED, Status.ACQUIRED);
		assertThat(claims.get(0).token()).isEqualTo(token);
		assertThat(store().extendAll(List.of(new OwnedClaim(extended, token), new OwnedClaim(held, token),
				new OwnedClaim(completed, token)), LONG)).containsExactly(true, false, true);
		assertThat(store().completeAll(List.of(new OwnedClaim(completed, token), new OwnedClaim(held, token)), LONG))
			.containsExactly(true, false);
		store().releaseAll(List.of(new OwnedClaim(released, token), new OwnedClaim(held, token)));
		assertThat(store().claim(completed, newToken(), LONG)).isEqualTo(ClaimResult.duplicate(null));
		assertThat(store().find(held).map(IdempotencyRecord::ownerToken)).contains(holder);
		assertThat(store().find(released)).isEmpty();
		assertThat(store().find(extended)).hasValueSatisfying((record) -> {
			assertThat(record.ownerToken()).isEqualTo(token);
			assertThat(record.expiresAt()).isAfter(Instant.now().plus(LONG).minusSeconds(60));
		});
	}

	@Test
	void concurrentBatchClaimsAcquireEachKeyExactlyOnce() throws Exception {
		int threads = 8;
		int keys = 400;
		int chunk = 50;
		AtomicIntegerArray acquired = new AtomicIntegerArray(keys);
		runConcurrently(threads, (thread) -> {
			int offset = thread * chunk;
			for (int from = 0; from < keys; from += chunk) {
				List<Integer> batch = IntStream.range(from, from + chunk).mapToObj((i) -> (offset + i) % keys).toList();
				List<ClaimResult> claims = store()
					.claimAll(claimsOf(batch.stream().map((key) -> scope("key-" + key)).toList()), LONG);
				for (int i = 0; i < batch.size(); i++) {
					if (claims.get(i).status() == Status.ACQUIRED) {
						acquired.incrementAndGet(batch.get(i));
					}
				}
			}
		});
		assertThat(IntStream.range(0, keys).filter((key) -> acquired.get(key) != 1))
			.as("keys not acquired exactly once").isEmpty();
		assertThat(IntStream.range(0, keys).map(acquired::get).sum()).as("claims acquired").isEqualTo(keys);
	}

	/**
	 * Sixteen threads claim the same 1000 keys; repeated, because a race that is lost rarely is
	 * still lost.
	 */
	@RepeatedTest(20)
	void concurrentClaimsAcquireEachKeyExactlyOnce() throws Exception {
		int threads = 16;
		int keys = 1000;
		AtomicIntegerArray acquired = new AtomicIntegerArray(keys);
		AtomicIntegerArray inProgress = new AtomicIntegerArray(keys);
		runConcurrently(threads, (thread) -> {
			int offset = thread * (keys / threads);
			for (int i = 0; i < keys; i++) {
				int key = (offset + i) % keys;
				ClaimResult claim = store().claim(scope("key-" + key), newToken(), LONG);
				switch (claim.status()) {
					case ACQUIRED -> acquired.incrementAndGet(key);
					case IN_PROGRESS -> inProgress.incrementAndGet(key);
					case DUPLICATE -> throw new AssertionError("Duplicate of key-" + key);
				}
			}
		});
		assertThat(IntStream.range(0, keys).filter((key) -> acquired.get(key) != 1))
			.as("keys not acquired exactly once").isEmpty();
		assertThat(IntStream.range(0, keys).map(acquired::get).sum()).as("claims acquired").isEqualTo(keys);
		assertThat(IntStream.range(0, keys).map(inProgress::get).sum()).as("claims found in progress")
			.isEqualTo(keys * (threads - 1));
	}

	/**
	 * Run {@code work} on {@code threads} threads that start together, and wait for all of them.
	 */
	private static void runConcurrently(int threads, IntConsumer work) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int thread = 0; thread < threads; thread++) {
				int number = thread;
				runs.add(executor.submit(() -> {
					start.await();
					work.accept(number);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> run : runs) {
				run.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
