package dev.idempotency.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.Idempotent;
import dev.idempotency.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Same-transaction mode end to end: a {@code @Transactional @Idempotent @KafkaListener} that
 * writes a business row to PostgreSQL, on the JDBC store of that database. Every order is sent
 * three times and some first attempts fail after writing their row. The database ends with exactly
 * one business row and one {@code COMPLETED} record per order.
 */
@ExtendWith(SharedKafkaBroker.class)
@SpringBootTest(classes = JdbcTransactionalKafkaListenerTests.Config.class,
		properties = { "spring.application.name=jdbc-transactional-tests", "idempotency.store=jdbc",
				"idempotency.jdbc.initialize-schema=always", "idempotency.jdbc.table-name=transactional_records",
				"spring.kafka.consumer.auto-offset-reset=earliest", "spring.main.banner-mode=off",
				"logging.level.org.apache.kafka=warn", "logging.level.org.springframework.kafka=warn" })
@DirtiesContext
class JdbcTransactionalKafkaListenerTests {

	static final String TOPIC = "jdbc-transactional-orders";

	static final int ORDERS = 60;

	static final int COPIES = 3;

	private static final HikariDataSource postgres = TestDatabase.POSTGRESQL.dataSource();

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	Orders orders;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
		registry.add("spring.datasource.url", postgres::getJdbcUrl);
	}

	@AfterAll
	static void dropTables() {
		JdbcClient jdbc = JdbcClient.create(postgres);
		jdbc.sql("DROP TABLE IF EXISTS transactional_records").update();
		jdbc.sql("DROP TABLE IF EXISTS transactional_orders").update();
		postgres.close();
	}

	@Test
	void eachOrderHasOneBusinessRowAndOneCompletedRecord() throws Exception {
		List<String> keys = IntStream.range(0, ORDERS).mapToObj((i) -> "order-" + i).toList();
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < ORDERS; i++) {
				ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, (i + copy) % 3, null, keys.get(i));
				record.headers().add("idempotency-key", keys.get(i).getBytes());
				sent.add(this.kafka.send(record));
			}
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		JdbcClient jdbc = JdbcClient.create(postgres);
		int failing = (int) keys.stream().filter(Orders::failsFirst).count();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.orders.attempts() == ORDERS + failing && rows(jdbc) == ORDERS);
		assertThat(jdbc.sql("SELECT order_id, COUNT(*) FROM transactional_orders WHERE run = ? GROUP BY order_id")
			.param(this.orders.run())
			.query((row, number) -> Map.entry(row.getString(1), row.getInt(2)))
			.list()).hasSize(ORDERS).allSatisfy((entry) -> assertThat(entry.getValue()).isEqualTo(1));
		assertThat(jdbc.sql("SELECT status, COUNT(*) FROM transactional_records WHERE group_id = ? GROUP BY status")
			.param("jdbc-transactional-tests")
			.query((row, number) -> Map.entry(row.getString(1), row.getLong(2)))
			.list()).containsExactly(Map.entry("COMPLETED", (long) ORDERS));
		// Written completed by the claim inside the listener's transaction: a completion after the
		// body, outside it, would have cleared the owner token.
		assertThat(jdbc.sql("SELECT COUNT(*) FROM transactional_records WHERE group_id = ? AND owner_token IS NULL")
			.param("jdbc-transactional-tests")
			.query(Long.class)
			.single()).isZero();
	}

	private long rows(JdbcClient jdbc) {
		return jdbc.sql("SELECT COUNT(*) FROM transactional_orders WHERE run = ?")
			.param(this.orders.run())
			.query(Long.class)
			.single();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

		@Bean
		DefaultErrorHandler errorHandler() {
			return new DefaultErrorHandler(new FixedBackOff(50, 3));
		}

		@Bean
		Orders orders(JdbcClient jdbc) {
			jdbc.sql("CREATE TABLE IF NOT EXISTS transactional_orders (order_id VARCHAR(64) NOT NULL, "
					+ "run VARCHAR(64) NOT NULL)").update();
			return new Orders(jdbc);
		}

	}

	static class Orders {

		private final JdbcClient jdbc;

		private final String run = UUID.randomUUID().toString();

		private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

		Orders(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		static boolean failsFirst(String order) {
			return Integer.parseInt(order.substring("order-".length())) % 4 == 0;
		}

		@KafkaListener(id = TOPIC, topics = TOPIC, concurrency = "3")
		@Transactional
		@Idempotent
		void on(String order) {
			this.jdbc.sql("INSERT INTO transactional_orders (order_id, run) VALUES (?, ?)")
				.params(order, this.run)
				.update();
			if (this.attempts.merge(order, 1, Integer::sum) == 1 && failsFirst(order)) {
				throw new IllegalStateException("First attempt of " + order + " fails after writing its row");
			}
		}

		int attempts() {
			return this.attempts.values().stream().mapToInt(Integer::intValue).sum();
		}

		String run() {
			return this.run;
		}

	}

}
