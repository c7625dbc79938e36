package dev.idempotency.store.jdbc;

/**
 * The store contract on PostgreSQL.
 */
class PostgreSqlIdempotencyStoreContractTests extends AbstractJdbcIdempotencyStoreContractTest {

	@Override
	TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
