package dev.idempotency.store.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * An upgrade with records in place, on a standalone Redis.
 */
class RedisRecordUpgradeTests extends AbstractRedisRecordUpgradeTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisIdempotencyStore store;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.connectionFactory();
		store = RedisIdempotencyStore.builder(connectionFactory).build();
	}

	@AfterAll
	static void disconnect() {
		store.close();
		connectionFactory.destroy();
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
