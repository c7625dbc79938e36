package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.autoconfigure.PropertiesConsumerPolicies;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.InProgressPolicy;
import dev.idempotency.core.InProgressWait;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.MissingKeyPolicy;
import dev.idempotency.core.Outcome;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.core.StoreErrorPolicy;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.test.FaultProxy;
import dev.idempotency.test.TestResults;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gate on a real Redis behind a {@link FaultProxy}, with listeners on an embedded Kafka
 * broker: copies of a message on different partitions, failing first attempts, and a Redis
 * outage in the middle of a run.
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"spring.kafka.consumer.auto-offset-reset=earliest", "spring.kafka.listener.concurrency=3",
		"spring.data.redis.timeout=2s", "idempotency.store=redis", "idempotency.ttl=1h",
		"idempotency.group-id=redis-gate-${random.uuid}" })
@EmbeddedKafka(partitions = 3, topics = { "redis-orders", "redis-outage" })
@ExtendWith(OutputCaptureExtension.class)
class RedisKafkaGateTests {

	private static final FaultProxy proxy = RedisTestServer.proxy();

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private Runs runs;

	@Autowired
	private Failures failures;

	@Autowired
	private PropertiesConsumerPolicies policies;

	@Autowired
	private IdempotencyStore store;

	@Autowired
	private StringRedisTemplate redis;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", proxy::port);
	}

	@AfterAll
	static void stopProxy() {
		proxy.close();
	}

	@Test
	void everyOrderRunsOnceAndLeavesOneRecordWithTheTtl() {
		for (int copy = 0; copy < 3; copy++) {
			for (int i = 0; i < 100; i++) {
				this.kafka.send("redis-orders", (i + copy) % 3, null, "order-" + i);
			}
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.runs.orders.size() == 100
				&& this.runs.orders.values().stream().allMatch((runs) -> runs.get() == 1));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> this.runs.orders.values().stream().allMatch((runs) -> runs.get() == 1));
		assertThat(this.runs.orderAttempts.values().stream().filter((attempts) -> attempts.get() == 2))
			.hasSize(20);
		Set<String> keys = this.redis.keys("idempotency:" + this.policies.group() + ":orders:*");
		assertThat(keys).hasSize(100);
		assertThat(keys).allSatisfy((key) -> {
			assertThat(this.redis.opsForValue().get(key)).startsWith("COMPLETED|");
			assertThat(this.redis.getExpire(key)).isBetween(3500L, 3600L);
		});
		assertThat(this.failures.recovered).isEmpty();
	}

	@Test
	void redisOutageRejectsMessagesUntilRedisIsBackThenProcessesEachOnce() {
		proxy.cut();
		try {
			for (int copy = 0; copy < 2; copy++) {
				for (int i = 0; i < 20; i++) {
					this.kafka.send("redis-outage", (i + copy) % 3, null, "outage-" + i);
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.failures.refusals.get() >= 3);
		}
		finally {
			proxy.restore();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.runs.outage.size() == 20);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> this.runs.outage.values().stream().allMatch((runs) -> runs.get() == 1));
		assertThat(this.runs.outage.values()).allMatch((runs) -> runs.get() == 1);
		assertThat(this.failures.storeErrors).as("refusals retried by the application's own handler").isEmpty();
		assertThat(this.failures.recovered).isEmpty();
	}

	@Test
	void processPolicyRunsTheBodyDuringAnOutageAndCountsIt(CapturedOutput output) {
		List<Outcome> outcomes = new CopyOnWriteArrayList<>();
		IdempotencyListener listener = new IdempotencyListener() {

			@Override
			public void onOutcome(String consumer, Outcome outcome) {
				outcomes.add(outcome);
			}

		};
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			IdempotencyGate gate = IdempotencyGate.builder(this.store, new RecordScopes(this.policies.group(), 255))
				.inProgressWait(new InProgressWait(Duration.ofMillis(50), Duration.ofSeconds(1)))
				.heartbeat(heartbeat)
				.results(TestResults.json())
				.listener(listener)
				.build();
			ConsumerPolicy failOpen = new ConsumerPolicy("fail-open", Duration.ofHours(1), Duration.ofMinutes(1),
					MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.PROCESS);
			AtomicInteger runs = new AtomicInteger();
			proxy.cut();
			try {
				gate.execute(failOpen, MessageKey.of("k-1", "test"), runs::incrementAndGet);
			}
			finally {
				proxy.restore();
			}
			assertThat(runs).hasValue(1);
			assertThat(outcomes).containsExactly(Outcome.STORE_ERROR);
			assertThat(output).contains("failed to claim message k-1 for fail-open")
				.contains("processing it without the gate (idempotency.on-store-error=process)");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		Runs runs() {
			return new Runs();
		}

		@Bean
		Listeners listeners(Runs runs) {
			return new Listeners(runs);
		}

		@Bean
		Failures failures() {
			return new Failures();
		}

		@Bean
		DefaultErrorHandler errorHandler(Failures failures) {
			DefaultErrorHandler handler = new DefaultErrorHandler(
					(record, exception) -> failures.recovered.add(record), new FixedBackOff(200, 200));
			handler.setRetryListeners((record, exception, attempt) -> {
				if (exception.getCause() instanceof IdempotencyStoreException storeError) {
					failures.storeErrors.add(storeError);
				}
			});
			return handler;
		}

	}

	static class Failures implements IdempotencyListener {

		final List<ConsumerRecord<?, ?>> recovered = new CopyOnWriteArrayList<>();

		final List<IdempotencyStoreException> storeErrors = new CopyOnWriteArrayList<>();

		final AtomicInteger refusals = new AtomicInteger();

		@Override
		public void onOutcome(String consumer, Outcome outcome) {
			if (consumer.equals("outage") && outcome == Outcome.STORE_ERROR) {
				this.refusals.incrementAndGet();
			}
		}

	}

	/** What the listeners did; kept apart from them because they are proxied. */
	static class Runs {

		final Map<String, AtomicInteger> orders = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> orderAttempts = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> outage = new ConcurrentHashMap<>();

	}

	static class Listeners {

		private final Runs runs;

		Listeners(Runs runs) {
			this.runs = runs;
		}

		@KafkaListener(id = "orders", topics = "redis-orders")
		@Idempotent(key = "#payload")
		void onOrder(String order) {
			int attempt = this.runs.orderAttempts.computeIfAbsent(order, (key) -> new AtomicInteger()).incrementAndGet();
			if (attempt == 1 && Integer.parseInt(order.substring("order-".length())) % 5 == 0) {
				throw new IllegalStateException("first attempt of " + order + " fails");
			}
			this.runs.orders.computeIfAbsent(order, (key) -> new AtomicInteger()).incrementAndGet();
		}

		@KafkaListener(id = "outage", topics = "redis-outage")
		@Idempotent(key = "#payload")
		void onOutage(String order) {
			this.runs.outage.computeIfAbsent(order, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

}
