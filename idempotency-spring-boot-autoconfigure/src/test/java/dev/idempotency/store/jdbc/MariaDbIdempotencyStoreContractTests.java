package dev.idempotency.store.jdbc;

/**
 * The store contract on MariaDB.
 */
class MariaDbIdempotencyStoreContractTests extends AbstractJdbcIdempotencyStoreContractTest {

	@Override
	TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
