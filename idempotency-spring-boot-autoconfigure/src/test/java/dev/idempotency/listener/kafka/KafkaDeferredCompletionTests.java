package dev.idempotency.listener.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.idempotency.Idempotent;
import dev.idempotency.core.StoreOperation;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.RedisServerProcess;
import dev.idempotency.test.Runs;
import dev.idempotency.test.StoreRequestCounts;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-poll store writes on the Redis store: the completions of a poll go to the store in one
 * request after the poll's records ran, and the container commits no offset past a record whose
 * completion the store has not taken, even when the store stops answering at that moment (the
 * test's own {@code redis-server}, frozen with {@code SIGSTOP} by the last record's body).
 */
@SpringBootTest(classes = KafkaDeferredCompletionTests.Config.class,
		properties = { "spring.application.name=kafka-deferred-completion-tests", "spring.data.redis.timeout=300ms",
				"spring.kafka.consumer.max-poll-records=500", "idempotency.consumers.frozen-orders.lease=6s",
				"idempotency.consumers.strict-orders.store-writes=per-record" })
class KafkaDeferredCompletionTests extends KafkaIdempotencyTestSupport {

	static final String POLLED = "polled-orders";

	static final String FROZEN = "frozen-orders";

	static final String STRICT = "strict-orders";

	static final int RECORDS = 200;

	private static final RedisServerProcess redis = RedisServerProcess.start();

	@Autowired
	Orders orders;

	@Autowired
	StoreRequestCounts requests;

	@Autowired
	IdempotencyStore store;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("idempotency.store", () -> "redis");
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void completionsOfAPollAreSentTogetherAfterItsRecordsRan() throws Exception {
		List<String> keys = keys("polled-", RECORDS);
		runPublishedFirst(POLLED, keys);
		assertThat(this.orders.runs(POLLED).byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(this.requests.of(StoreOperation.COMPLETE)).as("completion requests").isBetween(1, 10);
		assertCompleted(POLLED, keys);
	}

	@Test
	void perRecordStoreWritesCompleteEachRecordOnItsOwn() throws Exception {
		List<String> keys = keys("strict-", RECORDS);
		runPublishedFirst(STRICT, keys);
		assertThat(this.orders.runs(STRICT).byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(this.requests.of(StoreOperation.COMPLETE)).as("completion requests").isEqualTo(RECORDS);
		assertCompleted(STRICT, keys);
	}

	@Test
	void noOffsetIsCommittedPastARecordWhoseCompletionTheStoreDidNotTake() throws Exception {
		List<String> keys = keys("frozen-", 20);
		assertThat(this.store.type()).isEqualTo("redis");
		publish(keys.stream().map((key) -> new ProducerRecord<String, String>(FROZEN, 0, null, key)).toList());
		this.orders.freezeAfter("frozen-19");
		this.listeners.getListenerContainer(FROZEN).start();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.orders.runs(FROZEN).total() == 20);
		try {
			for (int i = 0; i < 40; i++) {
				assertThat(committed(FROZEN)).as("offset committed while the store is frozen").isZero();
				Thread.sleep(100);
			}
		}
		finally {
			redis.thaw();
		}
		publish(List.of(new ProducerRecord<>(FROZEN, 0, null, "frozen-20")));
		await().atMost(Duration.ofSeconds(30)).until(() -> committed(FROZEN) == 21);
		assertThat(this.orders.runs(FROZEN).byKey()).isEqualTo(Runs.each(keys("frozen-", 21), 1));
		assertCompleted(FROZEN, keys("frozen-", 21));
	}

	private void runPublishedFirst(String listener, List<String> keys) throws Exception {
		publish(keys.stream().map((key) -> new ProducerRecord<String, String>(listener, 0, null, key)).toList());
		this.requests.reset();
		this.listeners.getListenerContainer(listener).start();
		await().atMost(Duration.ofSeconds(30)).until(() -> committed(listener) == keys.size());
	}

	private void assertCompleted(String consumer, List<String> keys) {
		assertThat(keys).allSatisfy((key) -> assertThat(
				this.store.find(new RecordScope("kafka-deferred-completion-tests", consumer, key)))
			.hasValueSatisfying((record) -> assertThat(record.status()).isEqualTo(RecordStatus.COMPLETED)));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic polledTopic() {
			return TopicBuilder.name(POLLED).partitions(1).replicas(1).build();
		}

		@Bean
		NewTopic frozenTopic() {
			return TopicBuilder.name(FROZEN).partitions(1).replicas(1).build();
		}

		@Bean
		NewTopic strictTopic() {
			return TopicBuilder.name(STRICT).partitions(1).replicas(1).build();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		StoreRequestCounts storeRequests() {
			return new StoreRequestCounts();
		}

	}

	static class Orders {

		private final Map<String, Runs> runs = Map.of(POLLED, new Runs(), FROZEN, new Runs(), STRICT, new Runs());

		volatile String freezeAfter = "";

		@KafkaListener(id = POLLED, topics = POLLED, autoStartup = "false")
		@Idempotent(key = "#payload")
		void polled(String order) {
			this.runs.get(POLLED).record(order);
		}

		@KafkaListener(id = STRICT, topics = STRICT, autoStartup = "false")
		@Idempotent(key = "#payload")
		void strict(String order) {
			this.runs.get(STRICT).record(order);
		}

		@KafkaListener(id = FROZEN, topics = FROZEN, autoStartup = "false")
		@Idempotent(key = "#payload")
		void frozen(String order) {
			this.runs.get(FROZEN).record(order);
			if (order.equals(this.freezeAfter)) {
				redis.freeze();
			}
		}

		Runs runs(String listener) {
			return this.runs.get(listener);
		}

		void freezeAfter(String order) {
			this.freezeAfter = order;
		}

	}

}
