package dev.idempotency.listener.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.converter.StringJacksonJsonMessageConverter;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record listener whose payload is a list: with Spring Boot's JSON message converter, each
 * record holds a JSON array of order lines, and {@code onOrder(List<String> lines, @Header(...)
 * String order)} receives one order per call. The {@code List} parameter does not make it a batch
 * listener: each record is gated as one message by its key header, and a copy is skipped.
 */
@SpringBootTest(classes = KafkaListPayloadTests.Config.class,
		properties = { "spring.application.name=kafka-list-payload-tests" })
class KafkaListPayloadTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "list-payload-orders";

	static final int ORDERS = 10;

	@Autowired
	OrderLines orders;

	@Autowired
	RecordingRecoverer recoverer;

	@Test
	void eachRecordIsOneGatedMessageWhoseLinesArriveOnce() throws Exception {
		List<String> keys = keys("order-", ORDERS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < 2; copy++) {
			for (int i = 0; i < ORDERS; i++) {
				records.add(message(TOPIC, (i + copy) % PARTITIONS, null,
						"[\"" + keys.get(i) + " line 1\",\"" + keys.get(i) + " line 2\"]", KEY_HEADER, keys.get(i)));
			}
		}
		publish(records);

		eventually().until(() -> outcomes(TOPIC, "duplicate") == ORDERS);
		awaitNoLag(TOPIC, TOPIC);
		assertThat(outcomes(TOPIC)).isEqualTo(Map.of("processed", (long) ORDERS, "duplicate", (long) ORDERS));
		assertThat(this.orders.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(this.orders.lines()).hasSize(2 * ORDERS).contains("order-3 line 1", "order-3 line 2");
		assertThat(this.recoverer.records()).isEmpty();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ MeterConfiguration.class, RecovererConfiguration.class })
	static class Config {

		@Bean
		NewTopic listPayloadTopic() {
			return topic(TOPIC);
		}

		@Bean
		RecordMessageConverter jsonMessageConverter() {
			return new StringJacksonJsonMessageConverter();
		}

		@Bean
		OrderLines orderLines() {
			return new OrderLines();
		}

	}

	static class OrderLines {

		private final Runs runs = new Runs();

		private final List<String> lines = new CopyOnWriteArrayList<>();

		@KafkaListener(id = TOPIC, topics = TOPIC)
		@Idempotent
		void onOrder(List<String> lines, @Header(KEY_HEADER) String order) {
			this.runs.record(order);
			this.lines.addAll(lines);
		}

		Runs runs() {
			return this.runs;
		}

		List<String> lines() {
			return this.lines;
		}

	}

}
