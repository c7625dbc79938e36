package dev.idempotency.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.InProgressPolicy;
import dev.idempotency.core.InProgressWait;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.MissingKeyPolicy;
import dev.idempotency.core.Outcome;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.core.StoreErrorPolicy;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.FaultProxy;
import dev.idempotency.test.TestResults;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the store kit cannot show on PostgreSQL and MariaDB: one statement per message in the
 * listener's transaction, cleanup of many rows racing itself and live traffic, and an unreachable
 * database.
 */
class JdbcIdempotencyStoreTests {

	private static final Duration TTL = Duration.ofHours(1);

	private static final ConsumerPolicy SETTINGS = new ConsumerPolicy("payments", TTL, Duration.ofMinutes(1),
			MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final String group = "jdbc-" + UUID.randomUUID();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void sameTransactionModeWritesOneStatementPerMessageOnPostgresql() {
		CountingDataSource dataSource = new CountingDataSource(open(TestDatabase.POSTGRESQL.dataSource()));
		JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).createTable(true).build();
		IdempotencyGate gate = gate(store);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		dataSource.statements.set(0);
		Outcome outcome = transactions
			.execute((status) -> gate.execute(SETTINGS, MessageKey.of("order-1", "test"), () -> null).outcome());
		assertThat(outcome).isEqualTo(Outcome.PROCESSED);
		assertThat(dataSource.statements).hasValue(1);
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void fourCleanersDeleteEveryExpiredRowOnceWhileLiveClaimsGoOn(TestDatabase database) throws Exception {
		HikariDataSource dataSource = open(database.dataSource());
		String table = "cleanup_" + database.name().toLowerCase(Locale.ROOT);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		JdbcIdempotencyStore store = storeWithExpiredRows(dataSource, database, table, 50_000);
		ExecutorService threads = Executors.newFixedThreadPool(5);
		this.resources.add(threads::shutdownNow);
		List<Future<Integer>> cleaners = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			cleaners.add(threads.submit(() -> store.expiredRecordDeletion().orElseThrow().deleteExpired(1000)));
		}
		Future<Integer> live = threads.submit(() -> {
			int completed = 0;
			for (int i = 0; i < 500; i++) {
				RecordScope scope = new RecordScope(this.group, "live", "key-" + i);
				ClaimResult claim = store.claim(scope, Tokens.next(), Duration.ofMinutes(5));
				completed += store.complete(scope, claim.token(), TTL, null) ? 1 : 0;
			}
			return completed;
		});
		int deleted = 0;
		for (Future<Integer> cleaner : cleaners) {
			deleted += cleaner.get(120, TimeUnit.SECONDS);
		}
		assertThat(live.get(120, TimeUnit.SECONDS)).isEqualTo(500);
		assertThat(deleted).isEqualTo(50_000);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE group_id = 'expired'").query(Long.class).single())
			.isZero();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE group_id = ? AND status = 'COMPLETED'")
			.param(this.group)
			.query(Long.class)
			.single()).isEqualTo(500);
		jdbc.sql("DROP TABLE " + table).update();
	}

	/**
	 * A cleaner deletes the expired rows around one that a listener's open transaction has taken
	 * over, without waiting for that transaction: a cleaner that waits on live rows can deadlock
	 * with them. With a batch of one, the row after {@code key-1} in key order is {@code key-10}.
	 */
	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void cleanupDeletesTheRowsAroundATakenOverOneWithoutWaitingForItsTransaction(TestDatabase database)
			throws Exception {
		HikariDataSource dataSource = open(database.dataSource());
		String table = "cleanup_taken_" + database.name().toLowerCase(Locale.ROOT);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		JdbcIdempotencyStore store = storeWithExpiredRows(dataSource, database, table, 10);
		RecordScope takenOver = new RecordScope("expired", "old", "key-10");
		String token = Tokens.next();
		CountDownLatch claimed = new CountDownLatch(1);
		CountDownLatch cleaned = new CountDownLatch(1);
		ExecutorService listener = Executors.newSingleThreadExecutor();
		this.resources.add(listener::shutdownNow);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		Future<ClaimResult> claim = listener.submit(() -> transactions.execute((status) -> {
			ClaimResult result = store.claim(takenOver, token, Duration.ofMinutes(5));
			claimed.countDown();
			awaitQuietly(cleaned);
			return result;
		}));
		assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
		int deleted;
		try {
			deleted = store.expiredRecordDeletion().orElseThrow().deleteExpired(1);
		}
		finally {
			cleaned.countDown();
		}
		assertThat(deleted).isEqualTo(9);
		assertThat(claim.get(30, TimeUnit.SECONDS)).isEqualTo(ClaimResult.acquired(token));
		assertThat(jdbc.sql("SELECT record_key FROM " + table).query(String.class).list()).containsExactly("key-10");
		assertThat(store.find(takenOver)).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(RecordStatus.IN_PROGRESS);
			assertThat(record.ownerToken()).isEqualTo(token);
		});
		jdbc.sql("DROP TABLE " + table).update();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(90, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A store on a new table that holds {@code count} expired records, {@code key-1} to
	 * {@code key-<count>} of group {@code expired} and consumer {@code old}.
	 */
	private static JdbcIdempotencyStore storeWithExpiredRows(HikariDataSource dataSource, TestDatabase database,
			String table, int count) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("DROP TABLE IF EXISTS " + table).update();
		JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource)
			.tableName(table)
			.createTable(true)
			.build();
		jdbc.sql(insertExpiredRows(database, table, count)).update();
		return store;
	}

	private static String insertExpiredRows(TestDatabase database, String table, int count) {
		String columns = "INSERT INTO " + table + " (group_id, consumer, record_key, status, created_at, expires_at) ";
		return switch (database) {
			case POSTGRESQL -> columns + "SELECT 'expired', 'old', 'key-' || n, 'COMPLETED', "
					+ "CURRENT_TIMESTAMP - INTERVAL '2 days', CURRENT_TIMESTAMP - INTERVAL '1 day' "
					+ "FROM generate_series(1, " + count + ") AS n";
			case MARIADB -> columns + "SELECT 'expired', 'old', CONCAT('key-', seq), 'COMPLETED', "
					+ "UTC_TIMESTAMP(6) - INTERVAL 2 DAY, UTC_TIMESTAMP(6) - INTERVAL 1 DAY FROM seq_1_to_" + count;
			case H2 -> throw new IllegalArgumentException("not used");
		};
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void unreachableDatabaseFailsClosedAndTheMessageRunsOnceAfterRecovery(TestDatabase database) throws Exception {
		JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(open(database.dataSource()))
			.createTable(true)
			.build();
		FaultProxy[] proxy = new FaultProxy[1];
		HikariDataSource proxied = open(database.dataSourceThrough(proxy));
		this.resources.add(proxy[0]);
		JdbcIdempotencyStore throughProxy = JdbcIdempotencyStore.builder(proxied).build();
		IdempotencyGate gate = gate(throughProxy);
		AtomicInteger runs = new AtomicInteger();
		MessageKey key = MessageKey.of("order-1", "test");

		proxy[0].cut();
		try {
			assertThatExceptionOfType(IdempotencyStoreException.class)
				.isThrownBy(() -> gate.execute(SETTINGS, key, runs::incrementAndGet))
				.withMessageStartingWith("The idempotency store (jdbc (" + database.name().toLowerCase(Locale.ROOT)
						+ ", table idempotency_record)) failed to claim message order-1 for payments: ");
		}
		finally {
			proxy[0].restore();
		}
		assertThat(runs).hasValue(0);
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(IdempotencyStoreException.class)
			.until(() -> gate.execute(SETTINGS, key, runs::incrementAndGet).outcome() == Outcome.PROCESSED);
		assertThat(gate.execute(SETTINGS, key, runs::incrementAndGet).outcome()).isEqualTo(Outcome.DUPLICATE);
		assertThat(runs).hasValue(1);
		assertThat(store.find(new RecordScope(this.group, "payments", "order-1"))).isPresent();
	}

	private HikariDataSource open(HikariDataSource dataSource) {
		this.resources.add(dataSource);
		return dataSource;
	}

	/**
	 * A gate on {@code store} whose heartbeat is closed after the test.
	 */
	private IdempotencyGate gate(JdbcIdempotencyStore store) {
		LeaseHeartbeat heartbeat = new LeaseHeartbeat();
		this.resources.add(heartbeat);
		return IdempotencyGate.builder(store, new RecordScopes(this.group, 255))
			.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(50)))
			.heartbeat(heartbeat)
			.results(TestResults.json())
			.listener(IdempotencyListener.NONE)
			.build();
	}

}
