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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copies of a message spread over the partitions of a topic, consumed concurrently: the listener
 * body runs once per key.
 */
@SpringBootTest(classes = KafkaDuplicateDeliveryTests.Config.class,
		properties = "spring.application.name=kafka-duplicate-delivery-tests")
class KafkaDuplicateDeliveryTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "duplicate-delivery-orders";

	static final String LISTENER = "duplicate-delivery-orders";

	static final int KEYS = 100;

	static final int COPIES = 3;

	@Autowired
	Orders orders;

	@Test
	void runsTheBodyOncePerKeyWhenCopiesArriveOnDifferentPartitions() throws Exception {
		awaitOnePartitionPerConsumer(LISTENER);
		List<String> keys = keys("order-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				records.add(message(TOPIC, (i + copy) % PARTITIONS, null, keys.get(i)));
			}
		}
		publish(records);

		eventually().until(() -> deliveries(LISTENER) >= KEYS * COPIES);
		assertThat(this.orders.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(outcomes(LISTENER)).isEqualTo(Map.of("processed", (long) KEYS, "duplicate", 200L));
		assertThat(outcomes(LISTENER, "duplicate")).isEqualTo(200);
		awaitNoLag(LISTENER, TOPIC);
		assertThat(this.orders.runs().total()).isEqualTo(KEYS);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic ordersTopic() {
			return topic(TOPIC);
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		private final Runs runs = new Runs();

		@KafkaListener(id = LISTENER, topics = TOPIC, concurrency = "3")
		@Idempotent(key = "#payload")
		void on(String order) {
			this.runs.record(order);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
