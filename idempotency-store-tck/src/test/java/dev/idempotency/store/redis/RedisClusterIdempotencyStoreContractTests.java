package dev.idempotency.store.redis;

import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.tck.AbstractIdempotencyStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The store contract on a Redis Cluster of three masters: every operation touches one key, so
 * records spread over all slots.
 */
class RedisClusterIdempotencyStoreContractTests extends AbstractIdempotencyStoreContractTest {

	private static RedisClusterTestServer cluster;

	private static LettuceConnectionFactory connectionFactory;

	private static RedisIdempotencyStore store;

	@BeforeAll
	static void startCluster() throws Exception {
		cluster = RedisClusterTestServer.start();
		connectionFactory = cluster.connectionFactory();
		store = RedisIdempotencyStore.builder(connectionFactory).build();
	}

	@AfterAll
	static void stopCluster() {
		connectionFactory.destroy();
		cluster.close();
	}

	@Override
	protected IdempotencyStore store() {
		return store;
	}

}
