package dev.idempotency.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.Idempotent;
import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.test.GateOutcomes;
import dev.idempotency.test.Runs;
import dev.idempotency.test.SharedKafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Same-transaction mode for a batch: a {@code @Transactional @Idempotent} Kafka batch listener on
 * the JDBC store of its own {@code DataSource}, whose body runs three times longer than the lease
 * ({@code idempotency.lease=1s}, body 3 s). While it runs, a copy of one of its orders arrives on
 * the other partition, and an unrelated gated call (outside any transaction, on another consumer)
 * runs for three leases too. Each order runs exactly once (the copy is a duplicate once the batch
 * committed), and no lease in the application lapses: the records of the batch are uncommitted
 * rows of the listener's transaction that nobody must try to extend, and the unrelated call keeps
 * its lease by its heartbeat and ends {@code processed}.
 */
@ExtendWith(SharedKafkaBroker.class)
@TestPropertySource(properties = { "idempotency.store=jdbc", "idempotency.lease=1s",
		"idempotency.jdbc.initialize-schema=always", "idempotency.jdbc.table-name=lease_records",
		"idempotency.group-id=batch-lease-${random.uuid}", "spring.kafka.consumer.auto-offset-reset=earliest",
		"spring.kafka.producer.properties.linger.ms=200",
		"spring.main.banner-mode=off", "logging.level.org.apache.kafka=warn", "logging.level.kafka=warn",
		"logging.level.state.change.logger=warn", "logging.level.org.springframework.kafka=warn" })
class SameTransactionBatchLeaseTests {

	static final Duration BODY = Duration.ofSeconds(3);

	static final List<String> ORDERS = IntStream.range(0, 5).mapToObj((i) -> "order-" + i).toList();

	static final String UNRELATED = "unrelated";

	private static final HikariDataSource postgres = TestDatabase.POSTGRESQL.dataSource();

	private static final HikariDataSource mariadb = TestDatabase.MARIADB.dataSource();

	@AfterAll
	static void dropTables() {
		for (HikariDataSource dataSource : List.of(postgres, mariadb)) {
			JdbcClient jdbc = JdbcClient.create(dataSource);
			jdbc.sql("DROP TABLE IF EXISTS lease_records").update();
			jdbc.sql("DROP TABLE IF EXISTS lease_orders").update();
			dataSource.close();
		}
	}

	@Nested
	@SpringBootTest(classes = Config.class,
			properties = { "spring.application.name=batch-lease-postgresql", "test.topic=batch-lease-postgresql" })
	@DirtiesContext
	class PostgreSql extends Scenario {

		@DynamicPropertySource
		static void database(DynamicPropertyRegistry registry) {
			registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
			registry.add("spring.datasource.url", postgres::getJdbcUrl);
		}

	}

	@Nested
	@SpringBootTest(classes = Config.class,
			properties = { "spring.application.name=batch-lease-mariadb", "test.topic=batch-lease-mariadb" })
	@DirtiesContext
	class MariaDb extends Scenario {

		@DynamicPropertySource
		static void database(DynamicPropertyRegistry registry) {
			registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
			registry.add("spring.datasource.url", mariadb::getJdbcUrl);
		}

	}

	abstract static class Scenario {

		@Value("${test.topic}")
		String topic;

		@Autowired
		KafkaTemplate<String, String> kafka;

		@Autowired
		SlowBatch listener;

		@Autowired
		IdempotencyTemplate idempotency;

		@Autowired
		MeterRegistry meters;

		@Autowired
		KafkaListenerEndpointRegistry containers;

		@Test
		void eachOrderRunsOnceAndNoOtherLeaseLapsesWhileTheBatchTransactionRuns() throws Exception {
			awaitOnePartitionPerConsumer();
			// one produce request (linger.ms), so that the orders reach the listener as one batch
			publish(ORDERS.stream().map((order) -> order(0, order)).toList());
			await().atMost(Duration.ofSeconds(30)).until(() -> this.listener.started().getCount() == 0);

			Runs unrelatedRuns = new Runs();
			CompletableFuture<Boolean> unrelated = CompletableFuture.supplyAsync(() -> this.idempotency.run(UNRELATED,
					"unrelated-1", () -> {
						work(BODY);
						unrelatedRuns.record("unrelated-1");
					}));
			// a copy of order-0 on the other partition, while the batch's transaction is open
			publish(List.of(order(1, "order-0")));

			assertThat(unrelated.get(30, TimeUnit.SECONDS)).as("the unrelated body ran").isTrue();
			awaitCommitted(Map.of(0, (long) ORDERS.size(), 1, 1L));

			SoftAssertions softly = new SoftAssertions();
			softly.assertThat(this.listener.runs().byKey()).as("runs of the batch listener per order")
				.isEqualTo(Runs.each(ORDERS, 1));
			softly.assertThat(this.listener.rowsByOrder()).as("business rows per order")
				.isEqualTo(Runs.each(ORDERS, 1));
			softly.assertThat(unrelatedRuns.byKey()).as("runs of the unrelated body").isEqualTo(Map.of("unrelated-1", 1));
			softly.assertThat(GateOutcomes.of(this.meters, UNRELATED)).as("outcomes of the unrelated consumer")
				.isEqualTo(Map.of("processed", 1L));
			softly.assertThat(GateOutcomes.of(this.meters, this.topic)).as("outcomes of the batch listener")
				.isEqualTo(Map.of("processed", (long) ORDERS.size(), "duplicate", 1L));
			softly.assertAll();
		}

		private ProducerRecord<String, String> order(int partition, String order) {
			ProducerRecord<String, String> record = new ProducerRecord<>(this.topic, partition, null, order);
			record.headers().add("idempotency-key", order.getBytes(StandardCharsets.UTF_8));
			return record;
		}

		private void publish(List<ProducerRecord<String, String>> records) throws Exception {
			CompletableFuture.allOf(records.stream().map(this.kafka::send).toArray(CompletableFuture[]::new))
				.get(30, TimeUnit.SECONDS);
		}

		private void awaitOnePartitionPerConsumer() {
			MessageListenerContainer container = this.containers.getListenerContainer(this.topic);
			assertThat(container).isNotNull();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Map<String, Collection<TopicPartition>> assignments = container.getAssignmentsByClientId();
				assertThat(assignments).hasSize(2);
				assertThat(assignments.values()).allSatisfy((partitions) -> assertThat(partitions).hasSize(1));
			});
		}

		private void awaitCommitted(Map<Integer, Long> offsets) {
			try (Admin admin = Admin
				.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()))) {
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
					Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(this.topic)
						.partitionsToOffsetAndMetadata()
						.get(10, TimeUnit.SECONDS);
					Map<Integer, Long> byPartition = new TreeMap<>();
					offsets.keySet().forEach((partition) -> {
						OffsetAndMetadata offset = committed.get(new TopicPartition(this.topic, partition));
						byPartition.put(partition, (offset != null) ? offset.offset() : 0L);
					});
					assertThat(byPartition).as("committed offsets of %s", this.topic).isEqualTo(offsets);
				});
			}
		}

	}

	/**
	 * Work that takes {@code duration}: the body of a slow listener.
	 */
	static void work(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		NewTopic ordersTopic(@Value("${test.topic}") String topic) {
			return TopicBuilder.name(topic).partitions(2).replicas(1).build();
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SlowBatch slowBatch(JdbcClient jdbc) {
			jdbc.sql("CREATE TABLE IF NOT EXISTS lease_orders (order_id VARCHAR(64) NOT NULL, run VARCHAR(64) NOT NULL)")
				.update();
			return new SlowBatch(jdbc);
		}

	}

	/**
	 * Writes one business row per order in its transaction; the batch of partition 0 then works
	 * for {@link #BODY}.
	 */
	static class SlowBatch {

		private final JdbcClient jdbc;

		private final String run = UUID.randomUUID().toString();

		private final Runs runs = new Runs();

		private final CountDownLatch started = new CountDownLatch(1);

		SlowBatch(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@KafkaListener(id = "${test.topic}", topics = "${test.topic}", batch = "true", concurrency = "2")
		@Transactional
		@Idempotent
		void on(List<ConsumerRecord<String, String>> records) {
			for (ConsumerRecord<String, String> record : records) {
				this.jdbc.sql("INSERT INTO lease_orders (order_id, run) VALUES (?, ?)")
					.params(record.value(), this.run)
					.update();
				this.runs.record(record.value());
			}
			if (records.get(0).partition() == 0) {
				this.started.countDown();
				work(BODY);
			}
		}

		Runs runs() {
			return this.runs;
		}

		CountDownLatch started() {
			return this.started;
		}

		Map<String, Integer> rowsByOrder() {
			Map<String, Integer> rows = new TreeMap<>();
			this.jdbc.sql("SELECT order_id, COUNT(*) FROM lease_orders WHERE run = ? GROUP BY order_id")
				.param(this.run)
				.query((row, number) -> Map.entry(row.getString(1), row.getInt(2)))
				.list()
				.forEach((entry) -> rows.put(entry.getKey(), entry.getValue()));
			return rows;
		}

	}

}
