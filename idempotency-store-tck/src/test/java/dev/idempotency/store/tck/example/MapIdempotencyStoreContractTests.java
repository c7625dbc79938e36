package dev.idempotency.store.tck.example;

import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.tck.AbstractIdempotencyStoreContractTest;

class MapIdempotencyStoreContractTests extends AbstractIdempotencyStoreContractTest {

	private final MapIdempotencyStore store = new MapIdempotencyStore();

	@Override
	protected IdempotencyStore store() {
		return this.store;
	}

}
