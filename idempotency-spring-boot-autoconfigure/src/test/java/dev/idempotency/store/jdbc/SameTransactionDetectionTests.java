package dev.idempotency.store.jdbc;

import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC store on PostgreSQL must not mistake a transaction on another resource for its own.
 * Two gated calls run inside a transaction of another transaction manager (on a second, distinct
 * {@code DataSource}, H2 in memory) that synchronizes: the first call's JDBC access binds a
 * connection of the store's {@code DataSource} to the thread under mere synchronization, in
 * auto-commit mode. That transaction rolls back, so both messages are redelivered, and both bodies
 * must run again: a record may be completed only once the transaction around the body committed,
 * never by an auto-committed statement before it.
 */
@SpringBootTest(classes = SameTransactionDetectionTests.Config.class,
		properties = { "spring.application.name=same-transaction-detection-tests", "idempotency.store=jdbc",
				"idempotency.group-id=same-transaction-detection-${random.uuid}",
				"idempotency.jdbc.initialize-schema=always", "idempotency.jdbc.table-name=detection_records",
				"spring.main.banner-mode=off" })
@DirtiesContext
class SameTransactionDetectionTests {

	static final String CONSUMER = "detection";

	private static final HikariDataSource postgres = TestDatabase.POSTGRESQL.dataSource();

	private static final HikariDataSource other = TestDatabase.H2.dataSource();

	@Autowired
	IdempotencyTemplate idempotency;

	@Autowired
	RecordScopes scopes;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", postgres::getJdbcUrl);
	}

	@AfterAll
	static void dropTable() {
		JdbcClient.create(postgres).sql("DROP TABLE IF EXISTS detection_records").update();
		postgres.close();
		other.close();
	}

	@Test
	void messagesOfARolledBackTransactionOnAnotherDataSourceRunAgainWhenRedelivered() {
		List<String> keys = List.of("k1", "k2");
		Runs runs = new Runs();
		TransactionTemplate otherTransaction = new TransactionTemplate(new DataSourceTransactionManager(other));
		otherTransaction.executeWithoutResult((status) -> {
			for (String key : keys) {
				assertThat(this.idempotency.run(CONSUMER, key, () -> runs.record(key))).as("first delivery of %s", key)
					.isTrue();
			}
			status.setRollbackOnly();
		});
		assertThat(runs.byKey()).isEqualTo(Runs.each(keys, 1));

		// The redelivery of both messages, outside any transaction: neither was processed.
		keys.forEach((key) -> this.idempotency.run(CONSUMER, key, () -> runs.record(key)));
		assertThat(runs.byKey()).as("runs per key after the redelivery").isEqualTo(Runs.each(keys, 2));

		// A third delivery is a duplicate of the second, completed run.
		keys.forEach((key) -> assertThat(this.idempotency.run(CONSUMER, key, () -> runs.record(key)))
			.as("third delivery of %s", key)
			.isFalse());
		assertThat(runs.byKey()).isEqualTo(Runs.each(keys, 2));
		assertThat(JdbcClient.create(postgres)
			.sql("SELECT record_key, status FROM detection_records WHERE group_id = ? AND consumer = ? "
					+ "ORDER BY record_key")
			.params(this.scopes.group(), CONSUMER)
			.query((row, number) -> Map.entry(row.getString(1), row.getString(2)))
			.list()).containsExactly(Map.entry("k1", "COMPLETED"), Map.entry("k2", "COMPLETED"));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
