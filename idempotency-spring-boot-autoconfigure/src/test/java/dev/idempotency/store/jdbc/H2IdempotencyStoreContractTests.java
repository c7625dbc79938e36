package dev.idempotency.store.jdbc;

/**
 * The store contract on H2.
 */
class H2IdempotencyStoreContractTests extends AbstractJdbcIdempotencyStoreContractTest {

	@Override
	TestDatabase database() {
		return TestDatabase.H2;
	}

}
