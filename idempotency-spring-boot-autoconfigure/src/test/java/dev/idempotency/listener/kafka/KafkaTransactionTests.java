package dev.idempotency.listener.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consume, process, produce in a Kafka transaction (the container's {@code KafkaTransactionManager},
 * set up by Spring Boot from {@code spring.kafka.producer.transaction-id-prefix}): every order is
 * sent three times and some first attempts fail after producing their receipt. The receipts a
 * {@code read_committed} consumer sees are exactly one per order: Kafka's transaction removes the
 * receipts of failed attempts, the gate removes the copies, and the gate completes its records only
 * once the Kafka transaction has committed.
 */
@SpringBootTest(classes = KafkaTransactionTests.Config.class,
		properties = { "spring.application.name=kafka-transaction-tests",
				"spring.kafka.producer.transaction-id-prefix=kafka-transaction-tests-",
				"spring.kafka.consumer.isolation-level=read-committed" })
class KafkaTransactionTests extends KafkaIdempotencyTestSupport {

	static final String ORDERS = "transaction-orders";

	static final String RECEIPTS = "transaction-receipts";

	static final int KEYS = 60;

	static final int COPIES = 3;

	@Autowired
	Orders orders;

	@Test
	void eachOrderHasExactlyOneCommittedReceipt() throws Exception {
		List<String> keys = keys("order-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				records.add(message(ORDERS, (i + copy) % PARTITIONS, null, keys.get(i), KEY_HEADER, keys.get(i)));
			}
		}
		this.kafka.executeInTransaction((operations) -> {
			records.forEach(operations::send);
			return null;
		});

		int failing = (int) keys.stream().filter(Orders::failsFirst).count();
		eventually().until(() -> this.orders.receipts().total() == KEYS && deliveries(ORDERS) >= KEYS * COPIES + failing);
		// Every record consumed: the committed offset is past each partition's 60 records; the end
		// offset is one further, past the marker of the transaction that published them.
		awaitCommitted(ORDERS, ORDERS, KEYS * COPIES / PARTITIONS);
		assertThat(this.orders.receipts().byKey()).isEqualTo(Runs.each(keys, 1));
		Map<String, Integer> attempts = Runs.each(keys, 1);
		keys.stream().filter(Orders::failsFirst).forEach((key) -> attempts.put(key, 2));
		assertThat(this.orders.attempts().byKey()).isEqualTo(attempts);
		assertThat(outcomes(ORDERS)).isEqualTo(Map.of("processed", (long) KEYS, "failed", (long) failing, "duplicate",
				(long) KEYS * (COPIES - 1)));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic ordersTopic() {
			return topic(ORDERS);
		}

		@Bean
		NewTopic receiptsTopic() {
			return topic(RECEIPTS);
		}

		@Bean
		Orders orders(KafkaTemplate<String, String> kafka) {
			return new Orders(kafka);
		}

	}

	static class Orders {

		private final KafkaTemplate<String, String> kafka;

		private final Runs attempts = new Runs();

		private final Runs receipts = new Runs();

		Orders(KafkaTemplate<String, String> kafka) {
			this.kafka = kafka;
		}

		static boolean failsFirst(String key) {
			return Integer.parseInt(key.substring(key.indexOf('-') + 1)) % 4 == 0;
		}

		@KafkaListener(id = ORDERS, topics = ORDERS, concurrency = "3")
		@Idempotent
		void on(String order) {
			this.kafka.send(RECEIPTS, order, "receipt for " + order);
			if (this.attempts.record(order) == 1 && failsFirst(order)) {
				throw new IllegalStateException("First attempt of " + order + " fails after sending its receipt");
			}
		}

		@KafkaListener(id = RECEIPTS, topics = RECEIPTS)
		void onReceipt(String receipt) {
			this.receipts.record(receipt.substring("receipt for ".length()));
		}

		Runs attempts() {
			return this.attempts;
		}

		Runs receipts() {
			return this.receipts;
		}

	}

}
