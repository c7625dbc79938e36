package dev.idempotency.store.redis;

import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.tck.AbstractIdempotencyStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The store contract on a standalone Redis.
 */
class RedisIdempotencyStoreContractTests extends AbstractIdempotencyStoreContractTest {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisIdempotencyStore store;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.connectionFactory();
		store = RedisIdempotencyStore.builder(connectionFactory).build();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Override
	protected IdempotencyStore store() {
		return store;
	}

}
