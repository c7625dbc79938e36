package dev.idempotency.fault;

import dev.idempotency.store.redis.RedisTestServer;
import dev.idempotency.test.FaultProxy;
import dev.idempotency.test.SharedKafkaBroker;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Store faults mid-run with the Redis store.
 */
@SpringBootTest(classes = RedisOutageTests.Config.class,
		properties = { "outage.topic-prefix=redis-outage", "spring.application.name=redis-outage-tests", "idempotency.store=redis",
				"spring.data.redis.timeout=1s", "idempotency.lease=30s", "idempotency.group-id=outage-${random.uuid}" })
class RedisOutageTests extends AbstractStoreOutageTests {

	private static final FaultProxy proxy = RedisTestServer.proxy();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", proxy::port);
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@Override
	FaultProxy proxy() {
		return proxy;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class Config {

	}

}
