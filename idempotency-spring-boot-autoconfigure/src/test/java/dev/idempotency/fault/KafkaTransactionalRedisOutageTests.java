package dev.idempotency.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.idempotency.Idempotent;
import dev.idempotency.test.RedisServerProcess;
import dev.idempotency.test.Runs;
import dev.idempotency.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.transaction.KafkaAwareTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis outage under transactional Kafka listener containers (a {@code KafkaTransactionManager}
 * from {@code spring.kafka.producer.transaction-id-prefix}), with the default fail-closed policy,
 * no error handler or after-rollback processor of the application's own, a client timeout of
 * 200 ms and a lease of 30 s: 3,000 messages, each sent twice (once for the long outage), and once a tenth of them has taken
 * effect the test's own {@code redis-server} is frozen ({@code SIGSTOP}), then thawed. Each
 * message takes effect exactly once, none is skipped, and the consumer group ends with no lag —
 * with Boot's container factory, with a factory of the application's own, with a batch listener,
 * and through a 15 s outage, longer than the ten immediate attempts after which Spring Kafka's
 * default {@code DefaultAfterRollbackProcessor} gives a record up.
 */
@ExtendWith(SharedKafkaBroker.class)
@SpringBootTest(classes = KafkaTransactionalRedisOutageTests.Config.class,
		properties = { "spring.application.name=kafka-transactional-redis-outage-tests", "idempotency.store=redis",
				"idempotency.group-id=kafka-transactional-redis-outage", "spring.data.redis.timeout=200ms",
				"idempotency.lease=30s", "spring.kafka.producer.transaction-id-prefix=tx-redis-outage-",
				"spring.kafka.consumer.isolation-level=read-committed", "spring.kafka.listener.concurrency=3",
				"spring.kafka.consumer.auto-offset-reset=earliest", "spring.main.banner-mode=off",
				"logging.level.org.apache.kafka=warn", "logging.level.kafka=warn",
				"logging.level.org.springframework.kafka=warn" })
@DirtiesContext
class KafkaTransactionalRedisOutageTests {

	static final int KEYS = 3_000;

	static final int COPIES = 2;

	static final int PARTITIONS = 3;

	static final String BOOT_FACTORY = "tx-outage-boot-factory";

	static final String APP_FACTORY = "tx-outage-app-factory";

	static final String BATCH = "tx-outage-batch";

	static final String LONG_OUTAGE = "tx-outage-long";

	private static final RedisServerProcess redis = RedisServerProcess.start();

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	Effects effects;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void bootContainerFactoryRidesOutTwoSecondFreeze() throws Exception {
		runThrough(BOOT_FACTORY, Duration.ofSeconds(2), COPIES);
	}

	@Test
	void applicationContainerFactoryRidesOutTwoSecondFreeze() throws Exception {
		runThrough(APP_FACTORY, Duration.ofSeconds(2), COPIES);
	}

	@Test
	void batchListenerRidesOutTwoSecondFreeze() throws Exception {
		runThrough(BATCH, Duration.ofSeconds(2), COPIES);
	}

	/**
	 * Each message sent once: a record given up on is not covered by a copy on another partition,
	 * and its effect is missing.
	 */
	@Test
	void recordListenerRidesOutFifteenSecondFreeze() throws Exception {
		runThrough(LONG_OUTAGE, Duration.ofSeconds(15), 1);
	}

	private void runThrough(String topic, Duration freeze, int copies) throws Exception {
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < copies; copy++) {
			for (int i = 0; i < KEYS; i++) {
				ProducerRecord<String, String> record = new ProducerRecord<>(topic, (i + copy) % PARTITIONS, null,
						"m-" + i);
				record.headers().add("idempotency-key", ("m-" + i).getBytes(UTF_8));
				records.add(record);
			}
		}
		this.kafka.executeInTransaction((operations) -> {
			records.forEach(operations::send);
			return null;
		});
		Runs runs = this.effects.runs(topic);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> runs.total() >= KEYS / 10);
		redis.freeze();
		try {
			Thread.sleep(freeze.toMillis());
		}
		finally {
			redis.thaw();
		}
		assertThat(runs.byKey()).as("still messages to process after the outage").hasSizeLessThan(KEYS);
		awaitCommitted(topic, KEYS * copies / PARTITIONS);
		assertThat(runs.byKey()).isEqualTo(Runs.each(IntStream.range(0, KEYS).mapToObj((i) -> "m-" + i).toList(), 1));
	}

	/**
	 * Wait until the listener's group has committed {@code offset} on every partition: all records
	 * consumed (the end offset is one further, past the marker of the transaction that sent them).
	 */
	private static void awaitCommitted(String topic, long offset) throws Exception {
		List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
			.mapToObj((p) -> new TopicPartition(topic, p))
			.toList();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()))) {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(topic)
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS);
				assertThat(partitions.stream()
					.collect(Collectors.toMap(Function.identity(),
							(p) -> (committed.get(p) != null) ? committed.get(p).offset() : 0L)))
					.as("committed offsets of %s", topic)
					.isEqualTo(partitions.stream().collect(Collectors.toMap(Function.identity(), (p) -> offset)));
			});
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		NewTopic bootFactoryTopic() {
			return TopicBuilder.name(BOOT_FACTORY).partitions(PARTITIONS).replicas(1).build();
		}

		@Bean
		NewTopic appFactoryTopic() {
			return TopicBuilder.name(APP_FACTORY).partitions(PARTITIONS).replicas(1).build();
		}

		@Bean
		NewTopic batchTopic() {
			return TopicBuilder.name(BATCH).partitions(PARTITIONS).replicas(1).build();
		}

		@Bean
		NewTopic longOutageTopic() {
			return TopicBuilder.name(LONG_OUTAGE).partitions(PARTITIONS).replicas(1).build();
		}

		/**
		 * A container factory of the application's own, transactional like Boot's.
		 */
		@Bean
		ConcurrentKafkaListenerContainerFactory<String, String> appTransactionalFactory(
				ConsumerFactory<String, String> consumerFactory,
				KafkaAwareTransactionManager<?, ?> kafkaTransactionManager) {
			ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
			factory.setConsumerFactory(consumerFactory);
			factory.setConcurrency(3);
			factory.getContainerProperties().setKafkaAwareTransactionManager(kafkaTransactionManager);
			return factory;
		}

		@Bean
		Effects effects() {
			return new Effects();
		}

	}

	/**
	 * The side effect of each message: counted per topic and key.
	 */
	static class Effects {

		private final Map<String, Runs> runs = Map.of(BOOT_FACTORY, new Runs(), APP_FACTORY, new Runs(), BATCH,
				new Runs(), LONG_OUTAGE, new Runs());

		@KafkaListener(id = BOOT_FACTORY, topics = BOOT_FACTORY)
		@Idempotent
		void onBootFactory(String message) {
			this.runs.get(BOOT_FACTORY).record(message);
		}

		@KafkaListener(id = APP_FACTORY, topics = APP_FACTORY, containerFactory = "appTransactionalFactory")
		@Idempotent
		void onAppFactory(String message) {
			this.runs.get(APP_FACTORY).record(message);
		}

		@KafkaListener(id = BATCH, topics = BATCH, batch = "true")
		@Idempotent
		void onBatch(List<ConsumerRecord<String, String>> messages) {
			messages.forEach((message) -> this.runs.get(BATCH).record(message.value()));
		}

		@KafkaListener(id = LONG_OUTAGE, topics = LONG_OUTAGE)
		@Idempotent
		void onLongOutage(String message) {
			this.runs.get(LONG_OUTAGE).record(message);
		}

		Runs runs(String topic) {
			return this.runs.get(topic);
		}

	}

}
