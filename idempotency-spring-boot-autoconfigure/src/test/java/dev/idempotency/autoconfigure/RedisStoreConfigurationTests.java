package dev.idempotency.autoconfigure;

import java.net.URI;

import dev.idempotency.store.RecordScope;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.store.redis.RedisIdempotencyStore;
import dev.idempotency.store.redis.RedisTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selection of the Redis store.
 */
class RedisStoreConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, IdempotencyAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "spring.data.redis.url=" + redisUrl());

	@Test
	void autoPicksRedisWhenAConnectionFactoryExists() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisIdempotencyStore.class).doesNotHaveBean(InMemoryIdempotencyStore.class);
			URI redis = RedisTestServer.uri();
			assertThat(context.getBean(RedisIdempotencyStore.class).description())
				.isEqualTo("redis at " + redis.getHost() + ":" + redis.getPort());
		});
	}

	@Test
	void keyPrefixPropertyPrefixesRecordKeys() {
		this.contextRunner.withPropertyValues("idempotency.key-prefix=orders-gate").run((context) -> {
			RedisIdempotencyStore store = context.getBean(RedisIdempotencyStore.class);
			assertThat(store.key(new RecordScope("g", "c", "k"))).isEqualTo("orders-gate:g:c:k");
		});
	}

	@Test
	void memoryStoreWhenAskedForEvenWithRedis() {
		this.contextRunner.withPropertyValues("idempotency.store=memory")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryIdempotencyStore.class)
				.doesNotHaveBean(RedisIdempotencyStore.class));
	}

	@Test
	void autoFallsBackToMemoryWithoutSpringDataRedis() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasSingleBean(InMemoryIdempotencyStore.class));
	}

	@Test
	void redisStoreWithoutConnectionFactoryStopsTheStart() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
			.withPropertyValues("spring.application.name=orders", "idempotency.store=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property idempotency.store with value 'redis' is invalid: The Redis store needs a "
						+ "RedisConnectionFactory bean: add spring-boot-starter-data-redis and configure "
						+ "spring.data.redis.*, or choose another store."));
	}

	private static String redisUrl() {
		URI redis = RedisTestServer.uri();
		return "redis://" + redis.getHost() + ":" + redis.getPort();
	}

}
