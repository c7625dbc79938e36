package dev.idempotency.store.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.idempotency.store.ExpiredRecordDeletion;
import dev.idempotency.store.RecordScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of a store's {@link ExpiredRecordDeletion}: expired records, completed or with a
 * lapsed lease, are deleted in bounded batches until none is left, live ones are kept, and several
 * instances deleting at once delete each record once. Run it against a store that offers the
 * capability by extending this class, returning the store from {@link #store()} and counting the
 * records it holds, expired or not, from {@link #storedRecords(String)}.
 *
 * <p>The tests count what the deletion answers, so the store must not be written by other tests
 * while those of this class run.
 */
public abstract class AbstractExpiredRecordDeletionContractTest extends StoreContractSupport {

	/**
	 * Return how many records of a group the store holds, expired or not, read from the store's
	 * resource directly (for a table, a {@code COUNT(*)} of the group's rows).
	 * @param group the group
	 * @return the number of records of the group
	 */
	protected abstract long storedRecords(String group);

	private ExpiredRecordDeletion deletion() {
		return store().expiredRecordDeletion()
			.orElseThrow(() -> new AssertionError(store().description() + " offers no expired record deletion"));
	}

	@BeforeEach
	void deleteRecordsThatExpiredBefore() {
		deletion().deleteExpired(1000);
	}

	@Test
	void expiredRecordsAreDeletedAndLiveOnesKept() {
		List<RecordScope> expired = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			RecordScope completed = scope("payments", "completed-" + i);
			store().complete(completed, acquire(completed, LONG), SHORT, null);
			expired.add(completed);
			RecordScope lapsed = scope("payments", "lapsed-" + i);
			acquire(lapsed, SHORT);
			expired.add(lapsed);
		}
		RecordScope liveCompleted = scope("payments", "live-completed");
		store().complete(liveCompleted, acquire(liveCompleted, LONG), LONG, "receipt");
		RecordScope liveClaim = scope("payments", "live-claim");
		String liveToken = acquire(liveClaim, LONG);
		awaitExpiry(expired);
		assertThat(storedRecords(group())).isEqualTo(8);
		assertThat(deletion().deleteExpired(2)).isEqualTo(6);
		assertThat(storedRecords(group())).isEqualTo(2);
		assertThat(store().find(liveCompleted)).hasValueSatisfying((record) -> assertThat(record.result()).isEqualTo("receipt"));
		assertThat(store().complete(liveClaim, liveToken, LONG, null)).isTrue();
	}

	@Test
	void nothingExpiredDeletesNothing() {
		RecordScope live = scope("payments", "live");
		store().complete(live, acquire(live, LONG), LONG, null);
		assertThat(deletion().deleteExpired(10)).isZero();
		assertThat(storedRecords(group())).isEqualTo(1);
	}

	@Test
	void concurrentDeletionsDeleteEachExpiredRecordOnce() throws Exception {
		List<RecordScope> expired = IntStream.range(0, 200).mapToObj((i) -> scope("payments", "key-" + i)).toList();
		expired.forEach((scope) -> store().complete(scope, acquire(scope, LONG), SHORT, null));
		awaitExpiry(expired);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> deletions = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				deletions.add(threads.submit(() -> {
					start.await();
					return deletion().deleteExpired(7);
				}));
			}
			start.countDown();
			int deleted = 0;
			for (Future<Integer> counted : deletions) {
				deleted += counted.get(2, TimeUnit.MINUTES);
			}
			assertThat(deleted).isEqualTo(200);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(storedRecords(group())).isZero();
	}

	private void awaitExpiry(List<RecordScope> scopes) {
		await().atMost(EXPIRY_TIMEOUT)
			.pollInterval(Duration.ofMillis(25))
			.until(() -> scopes.stream().allMatch((scope) -> store().find(scope).isEmpty()));
	}

}
