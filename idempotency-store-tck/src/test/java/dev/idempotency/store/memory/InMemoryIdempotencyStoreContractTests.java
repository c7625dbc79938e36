package dev.idempotency.store.memory;

import java.time.Clock;
import java.util.concurrent.ForkJoinPool;

import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.tck.AbstractIdempotencyStoreContractTest;

/**
 * The store contract on the in-memory store, built as the auto-configuration builds it.
 */
class InMemoryIdempotencyStoreContractTests extends AbstractIdempotencyStoreContractTest {

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(100_000, Clock.systemUTC(),
			ForkJoinPool.commonPool());

	@Override
	protected IdempotencyStore store() {
		return this.store;
	}

}
