package dev.idempotency.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.store.AbstractIdempotencyStoreContractTest;
import dev.idempotency.store.IdempotencyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract on one database, its table created by the shipped script.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbcIdempotencyStoreContractTest extends AbstractIdempotencyStoreContractTest {

	private HikariDataSource dataSource;

	private JdbcIdempotencyStore store;

	abstract TestDatabase database();

	@BeforeAll
	void createStore() {
		this.dataSource = database().dataSource();
		this.store = JdbcIdempotencyStore.builder(this.dataSource).createTable(true).build();
	}

	@AfterAll
	void closeDataSource() {
		this.dataSource.close();
	}

	@Override
	protected IdempotencyStore store() {
		return this.store;
	}

}
