package dev.idempotency.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.Idempotent;
import dev.idempotency.store.redis.RedisTestServer;
import dev.idempotency.test.Runs;
import dev.idempotency.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Idempotent} batch listeners in a container with Spring Boot's
 * {@code KafkaTransactionManager} ({@code spring.kafka.producer.transaction-id-prefix}), whose
 * first call fails at one element with a {@link BatchListenerFailedException}. The error handler
 * runs inside the Kafka transaction and throws, the transaction rolls back, and the
 * after-rollback processor seeks the whole batch back: every element, those before the failed one
 * included, is delivered again, and its side effects must happen exactly once in the end.
 * <ul>
 * <li>{@link ConsumeTransformProduce}: each order is forwarded to an output topic inside the Kafka
 * transaction (Redis store); a {@code read_committed} reader sees each order exactly once.</li>
 * <li>{@link RedisStoreAndJdbcTransaction}: a {@code @Transactional} listener on PostgreSQL writes
 * one business row per order (Redis store); each order has exactly one row.</li>
 * <li>{@link JdbcStoreInTheListenerTransaction}: the same listener with the JDBC store on the same
 * PostgreSQL {@code DataSource} (same-transaction mode); each order has exactly one row.</li>
 * </ul>
 * All 10 orders of a test are published in one Kafka transaction to a topic of one partition, so
 * that a {@code read_committed} consumer receives them as one batch.
 */
@ExtendWith(SharedKafkaBroker.class)
@TestPropertySource(properties = { "spring.kafka.producer.transaction-id-prefix=tx-batch-",
		"spring.kafka.consumer.isolation-level=read-committed", "spring.kafka.consumer.auto-offset-reset=earliest",
		"idempotency.group-id=tx-batch-${random.uuid}", "spring.main.banner-mode=off",
		"logging.level.org.apache.kafka=warn", "logging.level.kafka=warn", "logging.level.state.change.logger=warn" })
class KafkaTransactionalBatchListenerTests {

	static final List<String> ORDERS = IntStream.range(0, 10).mapToObj((i) -> "order-" + i).toList();

	static final String KEY_HEADER = "idempotency-key";

	private static final HikariDataSource postgres = TestDatabase.POSTGRESQL.dataSource();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
		registry.add("spring.datasource.url", postgres::getJdbcUrl);
		registry.add("spring.data.redis.host", () -> RedisTestServer.uri().getHost());
		registry.add("spring.data.redis.port", () -> RedisTestServer.uri().getPort());
	}

	@AfterAll
	static void dropTables() {
		JdbcClient jdbc = JdbcClient.create(postgres);
		jdbc.sql("DROP TABLE IF EXISTS tx_batch_orders").update();
		jdbc.sql("DROP TABLE IF EXISTS tx_batch_records").update();
		postgres.close();
	}

	/**
	 * Publish the 10 orders in one Kafka transaction, each with its key in the key header.
	 */
	static void publishOrders(KafkaTemplate<String, String> kafka, String topic) {
		kafka.executeInTransaction((operations) -> {
			ORDERS.forEach((order) -> {
				ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, null, order);
				record.headers().add(KEY_HEADER, order.getBytes(StandardCharsets.UTF_8));
				operations.send(record);
			});
			return null;
		});
	}

	/**
	 * Wait until a consumer group has committed, in a Kafka transaction, the offset past the 10
	 * orders of its single-partition topic.
	 */
	static void awaitOrdersConsumed(String group, String topic) {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()))) {
			TopicPartition partition = new TopicPartition(topic, 0);
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS)
					.get(partition);
				assertThat((committed != null) ? committed.offset() : 0L).as("committed offset of %s", group)
					.isEqualTo(ORDERS.size());
			});
		}
	}

	/**
	 * Read every committed record of a single-partition topic, as a {@code read_committed}
	 * consumer does, up to the last stable offset.
	 * @return how often each value was read
	 */
	static Map<String, Integer> committedValues(String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		Map<String, Integer> values = new TreeMap<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long end = consumer.endOffsets(List.of(partition)).get(partition);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (consumer.position(partition) < end) {
				assertThat(System.nanoTime()).as("read %s up to offset %d", topic, end).isLessThan(deadline);
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.merge(record.value(), 1, Integer::sum);
				}
			}
		}
		return values;
	}

	/**
	 * Consume, transform, produce: each order is forwarded to an output topic inside the Kafka
	 * transaction; the first call forwards orders 0 to 4, then fails at order 5. Its Kafka
	 * transaction aborts, so the forwards of orders 0 to 4 are discarded, and all 10 orders are
	 * delivered again: the gate must not have completed orders 0 to 4 before the transaction
	 * committed.
	 */
	@Nested
	@SpringBootTest(classes = ForwardingConfig.class,
			properties = { "spring.application.name=tx-batch-forward", "idempotency.store=redis" })
	@DirtiesContext
	class ConsumeTransformProduce {

		@Autowired
		KafkaTemplate<String, String> kafka;

		@Autowired
		Forwarding forwarding;

		@Test
		void everyOrderOfTheFailedBatchIsForwardedExactlyOnce() {
			publishOrders(this.kafka, Forwarding.ORDERS_TOPIC);
			awaitOrdersConsumed(Forwarding.ORDERS_TOPIC, Forwarding.ORDERS_TOPIC);
			assertThat(this.forwarding.batches()).as("batches the listener was called with").first().isEqualTo(ORDERS);
			assertThat(committedValues(Forwarding.RECEIPTS_TOPIC)).as("committed forwards per order, after the "
					+ "listener was called with %s", this.forwarding.batches()).isEqualTo(Runs.each(ORDERS, 1));
		}

	}

	/**
	 * The Redis store, and a listener that is {@code @Transactional} on PostgreSQL too: the first
	 * call writes the rows of orders 0 to 3, then fails at order 3; the database transaction rolls
	 * back with the Kafka transaction, and the redelivered batch must write the rows of all 10 orders.
	 */
	@Nested
	@SpringBootTest(classes = JdbcTransactionConfig.class,
			properties = { "spring.application.name=tx-batch-redis", "idempotency.store=redis",
					"test.orders-topic=tx-batch-redis-orders" })
	@DirtiesContext
	class RedisStoreAndJdbcTransaction {

		@Autowired
		KafkaTemplate<String, String> kafka;

		@Autowired
		BusinessRows rows;

		@Test
		void eachOrderOfTheFailedBatchHasExactlyOneBusinessRow() {
			publishOrders(this.kafka, "tx-batch-redis-orders");
			awaitOrdersConsumed("tx-batch-redis-orders", "tx-batch-redis-orders");
			assertThat(this.rows.batches()).as("batches the listener was called with").first().isEqualTo(ORDERS);
			assertThat(this.rows.byOrder()).as("business rows per order, after the listener was called with %s",
					this.rows.batches()).isEqualTo(Runs.each(ORDERS, 1));
		}

	}

	/**
	 * The JDBC store on the PostgreSQL {@code DataSource} of the {@code @Transactional} listener's
	 * rows (same-transaction mode): records and rows of the failed call roll back together, and
	 * the redelivered batch writes the rows of all 10 orders.
	 */
	@Nested
	@SpringBootTest(classes = JdbcTransactionConfig.class,
			properties = { "spring.application.name=tx-batch-jdbc", "idempotency.store=jdbc",
					"idempotency.jdbc.initialize-schema=always", "idempotency.jdbc.table-name=tx_batch_records",
					"test.orders-topic=tx-batch-jdbc-orders" })
	@DirtiesContext
	class JdbcStoreInTheListenerTransaction {

		@Autowired
		KafkaTemplate<String, String> kafka;

		@Autowired
		BusinessRows rows;

		@Test
		void eachOrderOfTheFailedBatchHasExactlyOneBusinessRow() {
			publishOrders(this.kafka, "tx-batch-jdbc-orders");
			awaitOrdersConsumed("tx-batch-jdbc-orders", "tx-batch-jdbc-orders");
			assertThat(this.rows.batches()).as("batches the listener was called with").first().isEqualTo(ORDERS);
			assertThat(this.rows.byOrder()).as("business rows per order, after the listener was called with %s",
					this.rows.batches()).isEqualTo(Runs.each(ORDERS, 1));
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ForwardingConfig {

		@Bean
		NewTopic forwardOrdersTopic() {
			return TopicBuilder.name(Forwarding.ORDERS_TOPIC).partitions(1).replicas(1).build();
		}

		@Bean
		NewTopic forwardReceiptsTopic() {
			return TopicBuilder.name(Forwarding.RECEIPTS_TOPIC).partitions(1).replicas(1).build();
		}

		@Bean
		Forwarding forwarding(KafkaTemplate<String, String> kafka) {
			return new Forwarding(kafka);
		}

	}

	static class Forwarding {

		static final String ORDERS_TOPIC = "tx-batch-forward-orders";

		static final String RECEIPTS_TOPIC = "tx-batch-forward-receipts";

		private final KafkaTemplate<String, String> kafka;

		private final AtomicInteger calls = new AtomicInteger();

		private final List<List<String>> batches = new CopyOnWriteArrayList<>();

		Forwarding(KafkaTemplate<String, String> kafka) {
			this.kafka = kafka;
		}

		@KafkaListener(id = ORDERS_TOPIC, topics = ORDERS_TOPIC, batch = "true")
		@Idempotent
		void on(List<String> orders) {
			this.batches.add(List.copyOf(orders));
			boolean first = this.calls.incrementAndGet() == 1;
			for (int i = 0; i < orders.size(); i++) {
				if (first && i == 5) {
					throw new BatchListenerFailedException("First call fails at " + orders.get(i), i);
				}
				this.kafka.send(RECEIPTS_TOPIC, orders.get(i), orders.get(i));
			}
		}

		List<List<String>> batches() {
			return this.batches;
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class JdbcTransactionConfig {

		@Bean
		NewTopic ordersTopic(@Value("${test.orders-topic}") String topic) {
			return TopicBuilder.name(topic).partitions(1).replicas(1).build();
		}

		/**
		 * The transaction manager of {@code @Transactional}; Spring Boot's
		 * {@code KafkaTransactionManager} stays the container's.
		 */
		@Bean
		@Primary
		DataSourceTransactionManager transactionManager(javax.sql.DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		BusinessRows businessRows(JdbcClient jdbc) {
			jdbc.sql("CREATE TABLE IF NOT EXISTS tx_batch_orders (order_id VARCHAR(64) NOT NULL, run VARCHAR(64) NOT NULL)")
				.update();
			return new BusinessRows(jdbc);
		}

	}

	static class BusinessRows {

		private final JdbcClient jdbc;

		private final String run = UUID.randomUUID().toString();

		private final AtomicInteger calls = new AtomicInteger();

		private final List<List<String>> batches = new CopyOnWriteArrayList<>();

		BusinessRows(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@KafkaListener(id = "${test.orders-topic}", topics = "${test.orders-topic}", batch = "true")
		@Transactional
		@Idempotent
		void on(List<String> orders) {
			this.batches.add(List.copyOf(orders));
			boolean first = this.calls.incrementAndGet() == 1;
			for (int i = 0; i < orders.size(); i++) {
				this.jdbc.sql("INSERT INTO tx_batch_orders (order_id, run) VALUES (?, ?)")
					.params(orders.get(i), this.run)
					.update();
				if (first && i == 3) {
					throw new BatchListenerFailedException("First call fails at " + orders.get(i), i);
				}
			}
		}

		List<List<String>> batches() {
			return this.batches;
		}

		Map<String, Integer> byOrder() {
			Map<String, Integer> rows = new TreeMap<>();
			this.jdbc.sql("SELECT order_id, COUNT(*) FROM tx_batch_orders WHERE run = ? GROUP BY order_id")
				.param(this.run)
				.query((row, number) -> Map.entry(row.getString(1), row.getInt(2)))
				.list()
				.forEach((entry) -> rows.put(entry.getKey(), entry.getValue()));
			return rows;
		}

	}

}
