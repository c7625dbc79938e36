package dev.idempotency.store.jdbc;

/**
 * The store kit on PostgreSQL.
 */
class PostgreSqlIdempotencyStoreContractTests extends AbstractJdbcStoreContractTests {

	@Override
	TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
