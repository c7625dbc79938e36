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
 * Key expressions over {@code #headers} and {@code #record} on listener methods that declare
 * neither: the gate reads them from the record the container is delivering. Every copy carries a
 * different payload, so only the key expression makes copies duplicates.
 */
@SpringBootTest(classes = KafkaKeyExpressionTests.Config.class,
		properties = "spring.application.name=kafka-key-expression-tests")
class KafkaKeyExpressionTests extends KafkaIdempotencyTestSupport {

	static final String HEADER_TOPIC = "key-expression-by-header";

	static final String HEADER_LISTENER = "key-expression-by-header";

	static final String RECORD_TOPIC = "key-expression-by-record-key";

	static final String RECORD_LISTENER = "key-expression-by-record-key";

	static final int KEYS = 30;

	static final int COPIES = 3;

	@Autowired
	ByHeader byHeader;

	@Autowired
	ByRecordKey byRecordKey;

	@Test
	void keysByHeadersVariable() throws Exception {
		awaitOnePartitionPerConsumer(HEADER_LISTENER);
		List<String> keys = keys("order-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				records.add(message(HEADER_TOPIC, (i + copy) % PARTITIONS, null, keys.get(i) + "/copy-" + copy,
						"order-id", keys.get(i)));
			}
		}
		publish(records);

		eventually().until(() -> deliveries(HEADER_LISTENER) >= KEYS * COPIES);
		assertThat(outcomes(HEADER_LISTENER))
			.isEqualTo(Map.of("processed", (long) KEYS, "duplicate", (long) KEYS * (COPIES - 1)));
		assertThat(this.byHeader.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		awaitNoLag(HEADER_LISTENER, HEADER_TOPIC);
		assertThat(this.byHeader.runs().total()).isEqualTo(KEYS);
	}

	@Test
	void keysByRecordVariable() throws Exception {
		awaitOnePartitionPerConsumer(RECORD_LISTENER);
		List<String> keys = keys("customer-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				records.add(message(RECORD_TOPIC, (i + copy) % PARTITIONS, keys.get(i), keys.get(i) + "/copy-" + copy));
			}
		}
		publish(records);

		eventually().until(() -> deliveries(RECORD_LISTENER) >= KEYS * COPIES);
		assertThat(outcomes(RECORD_LISTENER))
			.isEqualTo(Map.of("processed", (long) KEYS, "duplicate", (long) KEYS * (COPIES - 1)));
		assertThat(this.byRecordKey.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		awaitNoLag(RECORD_LISTENER, RECORD_TOPIC);
		assertThat(this.byRecordKey.runs().total()).isEqualTo(KEYS);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic headerTopic() {
			return topic(HEADER_TOPIC);
		}

		@Bean
		NewTopic recordTopic() {
			return topic(RECORD_TOPIC);
		}

		@Bean
		ByHeader byHeader() {
			return new ByHeader();
		}

		@Bean
		ByRecordKey byRecordKey() {
			return new ByRecordKey();
		}

	}

	/**
	 * Records the run under the key part of the payload, {@code "order-7/copy-2"} → {@code "order-7"}.
	 */
	private static String keyOf(String payload) {
		return payload.substring(0, payload.indexOf('/'));
	}

	static class ByHeader {

		private final Runs runs = new Runs();

		@KafkaListener(id = HEADER_LISTENER, topics = HEADER_TOPIC, concurrency = "3")
		@Idempotent(key = "#headers['order-id']")
		void on(String payload) {
			this.runs.record(keyOf(payload));
		}

		Runs runs() {
			return this.runs;
		}

	}

	static class ByRecordKey {

		private final Runs runs = new Runs();

		@KafkaListener(id = RECORD_LISTENER, topics = RECORD_TOPIC, concurrency = "3")
		@Idempotent(key = "#record.key()")
		void on(String payload) {
			this.runs.record(keyOf(payload));
		}

		Runs runs() {
			return this.runs;
		}

	}

}
