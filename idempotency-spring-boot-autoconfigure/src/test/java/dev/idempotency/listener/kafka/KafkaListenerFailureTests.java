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
 * A body that fails on its first attempt for some keys: the gate releases the claim, the
 * container retries, and the body completes once per key without reaching the recoverer.
 */
@SpringBootTest(classes = KafkaListenerFailureTests.Config.class,
		properties = "spring.application.name=kafka-listener-failure-tests")
class KafkaListenerFailureTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "listener-failure-payments";

	static final String LISTENER = "listener-failure-payments";

	static final int KEYS = 100;

	static final int COPIES = 3;

	@Autowired
	Payments payments;

	@Autowired
	RecordingRecoverer recoverer;

	@Test
	void completesEachKeyOnceWhenTheFirstAttemptFails() throws Exception {
		awaitOnePartitionPerConsumer(LISTENER);
		List<String> keys = keys("payment-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				records.add(message(TOPIC, (i + copy) % PARTITIONS, null, "payment of " + keys.get(i), KEY_HEADER,
						keys.get(i)));
			}
		}
		publish(records);

		int failing = KEYS / 5;
		eventually().until(() -> deliveries(LISTENER) >= KEYS * COPIES + failing);
		assertThat(this.payments.completions().byKey()).isEqualTo(Runs.each(keys, 1));
		Map<String, Integer> expectedAttempts = Runs.each(keys, 1);
		keys.stream().filter(Payments::failsFirst).forEach((key) -> expectedAttempts.put(key, 2));
		assertThat(this.payments.attempts().byKey()).isEqualTo(expectedAttempts);
		assertThat(outcomes(LISTENER)).isEqualTo(Map.of("processed", (long) KEYS, "failed", (long) failing,
				"duplicate", (long) KEYS * (COPIES - 1)));
		awaitNoLag(LISTENER, TOPIC);
		assertThat(this.recoverer.records()).isEmpty();
		assertThat(this.payments.completions().total()).isEqualTo(KEYS);
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

		private final Runs attempts = new Runs();

		private final Runs completions = new Runs();

		static boolean failsFirst(String key) {
			return Integer.parseInt(key.substring(key.indexOf('-') + 1)) % 5 == 0;
		}

		@KafkaListener(id = LISTENER, topics = TOPIC, concurrency = "3")
		@Idempotent
		void on(String payment) {
			String key = payment.substring("payment of ".length());
			int attempt = this.attempts.record(key);
			if (failsFirst(key) && attempt == 1) {
				throw new IllegalStateException("First attempt of " + key + " fails");
			}
			this.completions.record(key);
		}

		Runs attempts() {
			return this.attempts;
		}

		Runs completions() {
			return this.completions;
		}

	}

}
