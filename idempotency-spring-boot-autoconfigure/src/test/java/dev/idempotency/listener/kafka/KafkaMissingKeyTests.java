package dev.idempotency.listener.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.idempotency.Idempotent;
import dev.idempotency.IdempotencyKeyException;
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
 * A message without the key header on a listener keyed by the header: rejected with an
 * {@link IdempotencyKeyException} straight to the recoverer, without running the body or being
 * retried, while the keyed messages around it are processed.
 */
@SpringBootTest(classes = KafkaMissingKeyTests.Config.class,
		properties = "spring.application.name=kafka-missing-key-tests")
class KafkaMissingKeyTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "missing-key-invoices";

	static final String LISTENER = "missing-key-invoices";

	static final int KEYS = 10;

	@Autowired
	Invoices invoices;

	@Autowired
	RecordingRecoverer recoverer;

	@Test
	void rejectsAKeylessMessageToTheRecovererAndProcessesTheKeyedOnes() throws Exception {
		awaitOnePartitionPerConsumer(LISTENER);
		List<String> keys = keys("invoice-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int i = 0; i < KEYS; i++) {
			if (i == KEYS / 2) {
				records.add(message(TOPIC, 0, null, "keyless"));
			}
			records.add(message(TOPIC, i % PARTITIONS, null, keys.get(i), KEY_HEADER, keys.get(i)));
		}
		publish(records);

		eventually().until(() -> this.recoverer.records().size() == 1 && outcomes(LISTENER, "processed") >= KEYS);
		assertThat(this.recoverer.records()).singleElement().satisfies((record) -> {
			assertThat(record.value()).isEqualTo("keyless");
			assertThat(record.partition()).isZero();
		});
		assertThat(this.recoverer.exceptions()).singleElement()
			.satisfies((ex) -> assertThat(ex).rootCause()
				.isExactlyInstanceOf(IdempotencyKeyException.class)
				.hasMessage("No idempotency key for a message of " + LISTENER + ": header 'idempotency-key' gave "
						+ "null. Give every message a key, or set idempotency.on-missing-key=process to run "
						+ "keyless messages without the gate."));
		assertThat(this.invoices.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		// Rejected once, not retried: the exception is classified as not retryable.
		assertThat(outcomes(LISTENER)).isEqualTo(Map.of("processed", (long) KEYS, "key_missing", 1L));
		awaitNoLag(LISTENER, TOPIC);
		assertThat(this.recoverer.records()).hasSize(1);
		assertThat(this.invoices.runs().total()).isEqualTo(KEYS);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ MeterConfiguration.class, RecovererConfiguration.class })
	static class Config {

		@Bean
		NewTopic invoicesTopic() {
			return topic(TOPIC);
		}

		@Bean
		Invoices invoices() {
			return new Invoices();
		}

	}

	static class Invoices {

		private final Runs runs = new Runs();

		@KafkaListener(id = LISTENER, topics = TOPIC, concurrency = "3")
		@Idempotent
		void on(String invoice) {
			this.runs.record(invoice);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
