package dev.idempotency.store.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * An upgrade with records in place, on a Redis Cluster of three masters: the records of a batch
 * spread over every node, hashes and strings alike.
 */
class RedisClusterRecordUpgradeTests extends AbstractRedisRecordUpgradeTests {

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
		store.close();
		connectionFactory.destroy();
		cluster.close();
	}

	@Override
	RedisConnectionFactory connectionFactory() {
		return connectionFactory;
	}

	@Override
	RedisIdempotencyStore store() {
		return store;
	}

}
