package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.autoconfigure.PropertiesConsumerPolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gate on a Redis Cluster of three masters, with copies of each message consumed
 * concurrently from different partitions.
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"spring.kafka.consumer.auto-offset-reset=earliest", "spring.kafka.listener.concurrency=3",
		"idempotency.store=redis", "idempotency.group-id=cluster-gate" })
@EmbeddedKafka(partitions = 3, topics = "cluster-orders")
class RedisClusterKafkaGateTests {

	private static final RedisClusterTestServer cluster = startCluster();

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private Map<String, AtomicInteger> runs;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private PropertiesConsumerPolicies policies;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.cluster.nodes", () -> String.join(",", cluster.nodes()));
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Test
	void everyOrderRunsOnceWithRecordsSpreadOverTheCluster() {
		for (int copy = 0; copy < 3; copy++) {
			for (int i = 0; i < 60; i++) {
				this.kafka.send("cluster-orders", (i + copy) % 3, null, "order-" + i);
			}
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.runs.size() == 60);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> this.runs.values().stream().allMatch((count) -> count.get() == 1));
		Set<String> keys = this.redis.keys("idempotency:" + this.policies.group() + ":cluster-orders:*");
		assertThat(keys).hasSize(60);
		try (RedisClusterConnection connection = this.redis.getRequiredConnectionFactory().getClusterConnection()) {
			assertThat(keys.stream().map((key) -> connection.clusterGetNodeForKey(key.getBytes())).distinct())
				.as("masters holding records")
				.hasSize(3);
		}
	}

	private static RedisClusterTestServer startCluster() {
		try {
			return RedisClusterTestServer.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the Redis Cluster of this test", ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		Map<String, AtomicInteger> runs() {
			return new ConcurrentHashMap<>();
		}

		@Bean
		Orders orders(Map<String, AtomicInteger> runs) {
			return new Orders(runs);
		}

	}

	static class Orders {

		private final Map<String, AtomicInteger> runs;

		Orders(Map<String, AtomicInteger> runs) {
			this.runs = runs;
		}

		@KafkaListener(id = "cluster-orders", topics = "cluster-orders")
		@Idempotent(key = "#payload")
		void on(String order) {
			this.runs.computeIfAbsent(order, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

}
