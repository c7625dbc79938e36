package dev.idempotency.store.jdbc;

import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.tck.AbstractExpiredRecordDeletionContractTest;
import dev.idempotency.store.tck.AbstractIdempotencyStoreContractTest;
import dev.idempotency.store.tck.AbstractTransactionalClaimsContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store kit on one database, the tables created by the shipped script: the record protocol,
 * transactional claims, and the deletion of expired records, on a table of its own because it
 * counts what it deletes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbcStoreContractTests {

	private static final String DELETION_TABLE = "idempotency_record_deletion";

	private HikariDataSource dataSource;

	private JdbcIdempotencyStore store;

	private JdbcIdempotencyStore deletionStore;

	abstract TestDatabase database();

	@BeforeAll
	void createStores() {
		this.dataSource = database().dataSource();
		this.store = JdbcIdempotencyStore.builder(this.dataSource).createTable(true).build();
		this.deletionStore = JdbcIdempotencyStore.builder(this.dataSource)
			.tableName(DELETION_TABLE)
			.createTable(true)
			.build();
	}

	@AfterAll
	void closeDataSource() {
		this.dataSource.close();
	}

	@Nested
	class Protocol extends AbstractIdempotencyStoreContractTest {

		@Override
		protected IdempotencyStore store() {
			return AbstractJdbcStoreContractTests.this.store;
		}

	}

	@Nested
	class TransactionalClaims extends AbstractTransactionalClaimsContractTest {

		@Override
		protected IdempotencyStore store() {
			return AbstractJdbcStoreContractTests.this.store;
		}

		@Override
		protected <T> T inTransaction(Supplier<T> work, boolean commit) {
			return new TransactionTemplate(new DataSourceTransactionManager(AbstractJdbcStoreContractTests.this.dataSource))
				.execute((status) -> {
					T answer = work.get();
					if (!commit) {
						status.setRollbackOnly();
					}
					return answer;
				});
		}

	}

	@Nested
	class ExpiredRecordDeletion extends AbstractExpiredRecordDeletionContractTest {

		@Override
		protected IdempotencyStore store() {
			return AbstractJdbcStoreContractTests.this.deletionStore;
		}

		@Override
		protected long storedRecords(String group) {
			return JdbcClient.create(AbstractJdbcStoreContractTests.this.dataSource)
				.sql("SELECT COUNT(*) FROM " + DELETION_TABLE + " WHERE group_id = ?")
				.param(group)
				.query(Long.class)
				.single();
		}

	}

}
