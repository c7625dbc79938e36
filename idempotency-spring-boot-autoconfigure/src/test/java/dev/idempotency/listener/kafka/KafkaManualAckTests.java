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
import org.springframework.kafka.support.Acknowledgment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that acknowledges manually: the gate acknowledges the duplicates whose body it
 * skipped, so that the consumer group commits every record.
 */
@SpringBootTest(classes = KafkaManualAckTests.Config.class,
		properties = { "spring.application.name=kafka-manual-ack-tests", "spring.kafka.listener.ack-mode=manual" })
class KafkaManualAckTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "manual-ack-shipments";

	static final String LISTENER = "manual-ack-shipments";

	static final int KEYS = 60;

	@Autowired
	Shipments shipments;

	@Test
	void acknowledgesSkippedDuplicatesSoThatEveryPartitionIsCommitted() throws Exception {
		awaitOnePartitionPerConsumer(LISTENER);
		List<String> keys = keys("shipment-", KEYS);
		List<ProducerRecord<String, String>> originals = new ArrayList<>();
		for (int i = 0; i < KEYS; i++) {
			originals.add(message(TOPIC, i % PARTITIONS, null, "ship " + keys.get(i), KEY_HEADER, keys.get(i)));
		}
		publish(originals);
		eventually().until(() -> outcomes(LISTENER, "processed") >= KEYS);

		// Every record from here on is a duplicate, acknowledged by the gate alone: the last
		// records of every partition are such duplicates.
		List<ProducerRecord<String, String>> copies = new ArrayList<>();
		for (int copy = 1; copy <= 2; copy++) {
			for (int i = 0; i < KEYS; i++) {
				copies.add(message(TOPIC, (i + copy) % PARTITIONS, null, "ship " + keys.get(i), KEY_HEADER,
						keys.get(i)));
			}
		}
		publish(copies);

		eventually().until(() -> deliveries(LISTENER) >= 3 * KEYS);
		assertThat(outcomes(LISTENER)).isEqualTo(Map.of("processed", (long) KEYS, "duplicate", 2L * KEYS));
		assertThat(this.shipments.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		awaitNoLag(LISTENER, TOPIC);
		assertThat(this.shipments.runs().total()).isEqualTo(KEYS);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic shipmentsTopic() {
			return topic(TOPIC);
		}

		@Bean
		Shipments shipments() {
			return new Shipments();
		}

	}

	static class Shipments {

		private final Runs runs = new Runs();

		@KafkaListener(id = LISTENER, topics = TOPIC, concurrency = "3")
		@Idempotent
		void on(String shipment, Acknowledgment ack) {
			this.runs.record(shipment.substring("ship ".length()));
			ack.acknowledge();
		}

		Runs runs() {
			return this.runs;
		}

	}

}
