package dev.idempotency.store.jdbc;

/**
 * The store kit on H2.
 */
class H2IdempotencyStoreContractTests extends AbstractJdbcStoreContractTests {

	@Override
	TestDatabase database() {
		return TestDatabase.H2;
	}

}
