package dev.idempotency.listener.kafka;

import java.util.List;
import java.util.Map;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.apache.kafka.clients.admin.NewTopic;
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
 * A key reused for other content: with a fingerprint the copy with the same content is a
 * duplicate, and the one with other content goes to the recoverer at once as a conflict.
 */
@SpringBootTest(classes = KafkaFingerprintTests.Config.class,
		properties = "spring.application.name=kafka-fingerprint-tests")
class KafkaFingerprintTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "fingerprint-payments";

	@Autowired
	Payments payments;

	@Autowired
	RecordingRecoverer recoverer;

	@Test
	void sameKeyWithOtherContentIsRecoveredAsAConflict() throws Exception {
		publish(List.of(message(TOPIC, 0, null, "{\"amount\":10,\"currency\":\"EUR\"}", KEY_HEADER, "payment-1"),
				message(TOPIC, 0, null, "{\"amount\":10,\"currency\":\"EUR\"}", KEY_HEADER, "payment-1"),
				message(TOPIC, 0, null, "{\"amount\":99,\"currency\":\"EUR\"}", KEY_HEADER, "payment-1"),
				message(TOPIC, 0, null, "{\"amount\":5,\"currency\":\"EUR\"}", KEY_HEADER, "payment-2")));
		eventually().until(() -> deliveries("fingerprint-payments") == 4);
		assertThat(this.payments.runs().byKey())
			.isEqualTo(Map.of("{\"amount\":10,\"currency\":\"EUR\"}", 1, "{\"amount\":5,\"currency\":\"EUR\"}", 1));
		assertThat(this.recoverer.records()).singleElement()
			.satisfies((record) -> assertThat(record.value()).isEqualTo("{\"amount\":99,\"currency\":\"EUR\"}"));
		assertThat(this.recoverer.exceptions()).singleElement()
			.satisfies((ex) -> assertThat(ex).rootCause()
				.isExactlyInstanceOf(IdempotencyConflictException.class)
				.hasMessage("Message payment-1 of fingerprint-payments has the key of a recorded message but "
						+ "different content (another fingerprint); it was not processed. Give distinct messages "
						+ "distinct keys, or delete the record through the idempotency endpoint to process it."));
		// Refused once, not retried: the exception is classified as not retryable.
		assertThat(outcomes("fingerprint-payments"))
			.isEqualTo(Map.of("processed", 2L, "duplicate", 1L, "conflict", 1L));
		awaitNoLag("fingerprint-payments", TOPIC);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ MeterConfiguration.class, RecovererConfiguration.class })
	static class Config {

		@Bean
		NewTopic paymentsTopic() {
			return topic(TOPIC);
		}

		@Bean
		Payments payments() {
			return new Payments();
		}

	}

	static class Payments {

		private final Runs runs = new Runs();

		@KafkaListener(id = "fingerprint-payments", topics = TOPIC)
		@Idempotent(fingerprint = "#payload")
		void on(String payment) {
			this.runs.record(payment);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
