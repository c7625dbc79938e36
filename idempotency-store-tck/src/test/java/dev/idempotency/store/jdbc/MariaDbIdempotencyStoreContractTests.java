package dev.idempotency.store.jdbc;

/**
 * The store kit on MariaDB.
 */
class MariaDbIdempotencyStoreContractTests extends AbstractJdbcStoreContractTests {

	@Override
	TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
