package dev.idempotency.store.tck;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ClaimResult.Status;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.store.TransactionalClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of a store's {@link TransactionalClaims}: records written inside the caller's
 * transaction commit and roll back with it, and a concurrent transaction that writes the same
 * record waits for the first to end. Run it against a store that offers the capability by
 * extending this class, returning the store from {@link #store()} and running work in a
 * transaction of the store's resource from {@link #inTransaction}.
 */
public abstract class AbstractTransactionalClaimsContractTest extends StoreContractSupport {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	/**
	 * Run {@code work} in a new transaction on the store's resource, on the calling thread, and end
	 * the transaction.
	 * @param <T> the type of the work's answer
	 * @param work the work
	 * @param commit {@code true} to commit the transaction, {@code false} to roll it back
	 * @return the work's answer
	 */
	protected abstract <T> T inTransaction(Supplier<T> work, boolean commit);

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	private TransactionalClaims claims() {
		return store().transactionalClaims()
			.orElseThrow(() -> new AssertionError(store().description() + " offers no transactional claims"));
	}

	private RecordScope scope(String key) {
		return scope("payments", key);
	}

	@Test
	void transactionIsActiveOnlyInsideATransactionOfTheStoresResource() {
		assertThat(claims().isTransactionActive()).isFalse();
		assertThat(inTransaction(claims()::isTransactionActive, true)).isTrue();
		assertThat(claims().isTransactionActive()).isFalse();
	}

	@Test
	void recordClaimedCompletedInACommittedTransactionIsADuplicateWithItsFingerprint() {
		RecordScope scope = scope("order-1");
		String token = newToken();
		assertThat(inTransaction(() -> claims().claimCompleted(scope, token, LONG, "fp-1"), true))
			.isEqualTo(ClaimResult.acquired(token));
		assertThat(store().find(scope).map(IdempotencyRecord::status)).contains(RecordStatus.COMPLETED);
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate(null, "fp-1"));
	}

	@Test
	void recordClaimedCompletedInARolledBackTransactionIsGone() {
		RecordScope scope = scope("order-1");
		String token = newToken();
		assertThat(inTransaction(() -> claims().claimCompleted(scope, token, LONG, null), false))
			.isEqualTo(ClaimResult.acquired(token));
		assertThat(store().find(scope)).isEmpty();
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.ACQUIRED);
	}

	@Test
	void completeInTheSameTransactionStoresTheResult() {
		RecordScope scope = scope("order-1");
		String token = newToken();
		inTransaction(() -> {
			claims().claimCompleted(scope, token, LONG, null);
			return store().complete(scope, token, LONG, "receipt-1");
		}, true);
		assertThat(store().claim(scope, newToken(), LONG)).isEqualTo(ClaimResult.duplicate("receipt-1"));
	}

	@Test
	void releaseInTheSameTransactionDeletesTheRecord() {
		RecordScope scope = scope("order-1");
		String token = newToken();
		inTransaction(() -> {
			claims().claimCompleted(scope, token, LONG, null);
			store().release(scope, token);
			return null;
		}, true);
		assertThat(store().find(scope)).isEmpty();
	}

	@Test
	void completedRecordIsADuplicateWithItsResult() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		store().complete(scope, token, LONG, "receipt-1");
		assertThat(inTransaction(() -> claims().claimCompleted(scope, newToken(), LONG, null), true))
			.isEqualTo(ClaimResult.duplicate("receipt-1"));
	}

	@Test
	void liveLeaseOfAClaimOutsideATransactionIsInProgress() {
		RecordScope scope = scope("order-1");
		String token = acquire(scope, LONG);
		assertThat(inTransaction(() -> claims().claimCompleted(scope, newToken(), LONG, null), true).status())
			.isEqualTo(Status.IN_PROGRESS);
		assertThat(store().find(scope).map(IdempotencyRecord::ownerToken)).contains(token);
	}

	@Test
	void lapsedLeaseOfAClaimOutsideATransactionIsTakenOver() {
		RecordScope scope = scope("order-1");
		acquire(scope, SHORT);
		String token = newToken();
		ClaimResult takeOver = await().atMost(EXPIRY_TIMEOUT)
			.pollInterval(Duration.ofMillis(25))
			.until(() -> inTransaction(() -> claims().claimCompleted(scope, token, LONG, null), true),
					(claim) -> claim.status() != Status.IN_PROGRESS);
		assertThat(takeOver).isEqualTo(ClaimResult.acquired(token));
		assertThat(store().claim(scope, newToken(), LONG).status()).isEqualTo(Status.DUPLICATE);
	}

	@Test
	void concurrentTransactionWaitsForTheFirstAndFindsItsCommittedRecord() throws Exception {
		assertThat(raceOfTransactions(true)).isEqualTo(Status.DUPLICATE);
	}

	@Test
	void concurrentTransactionWaitsForTheFirstAndClaimsTheRecordAfterItsRollback() throws Exception {
		assertThat(raceOfTransactions(false)).isEqualTo(Status.ACQUIRED);
	}

	/**
	 * Two transactions write the same record completed; the second starts while the first holds
	 * it and must wait for the first to end.
	 * @return what the second one got
	 */
	private Status raceOfTransactions(boolean commitFirst) throws Exception {
		RecordScope scope = scope("order-1");
		CountDownLatch firstWrote = new CountDownLatch(1);
		CountDownLatch firstMayEnd = new CountDownLatch(1);
		Future<ClaimResult> first = this.threads.submit(() -> inTransaction(() -> {
			ClaimResult claim = claims().claimCompleted(scope, newToken(), LONG, null);
			firstWrote.countDown();
			awaitLatch(firstMayEnd);
			return claim;
		}, commitFirst));
		assertThat(firstWrote.await(30, TimeUnit.SECONDS)).isTrue();
		Future<ClaimResult> second = this.threads
			.submit(() -> inTransaction(() -> claims().claimCompleted(scope, newToken(), LONG, null), true));
		Thread.sleep(500);
		assertThat(second.isDone()).as("the second transaction waits for the first").isFalse();
		firstMayEnd.countDown();
		assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.ACQUIRED);
		return second.get(30, TimeUnit.SECONDS).status();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
