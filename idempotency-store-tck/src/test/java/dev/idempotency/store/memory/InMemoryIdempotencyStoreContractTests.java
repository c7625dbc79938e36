package dev.idempotency.store.memory;

import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.tck.AbstractIdempotencyStoreContractTest;

/**
 * The store contract on the in-memory store.
 */
class InMemoryIdempotencyStoreContractTests extends AbstractIdempotencyStoreContractTest {

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(100_000);

	@Override
	protected IdempotencyStore store() {
		return this.store;
	}

}
