package dev.idempotency.listener.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.idempotency.SkipIdempotency;
import dev.idempotency.metrics.IdempotencyMetricNames;
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
 * {@code idempotency.auto-listeners=true}: a listener without {@code @Idempotent} is gated by the
 * key header, a listener annotated with {@link SkipIdempotency} sees every copy.
 */
@SpringBootTest(classes = KafkaAutoListenersTests.Config.class,
		properties = { "spring.application.name=kafka-auto-listeners-tests", "idempotency.auto-listeners=true" })
class KafkaAutoListenersTests extends KafkaIdempotencyTestSupport {

	static final String GATED_TOPIC = "auto-listeners-gated";

	static final String GATED_LISTENER = "auto-listeners-gated";

	static final String SKIPPED_TOPIC = "auto-listeners-skipped";

	static final String SKIPPED_LISTENER = "auto-listeners-skipped";

	static final int KEYS = 40;

	static final int COPIES = 3;

	@Autowired
	Gated gated;

	@Autowired
	Skipped skipped;

	@Test
	void gatesUnannotatedListenersAndLeavesSkippedOnesAlone() throws Exception {
		awaitOnePartitionPerConsumer(GATED_LISTENER);
		awaitOnePartitionPerConsumer(SKIPPED_LISTENER);
		List<String> keys = keys("event-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				for (String topic : List.of(GATED_TOPIC, SKIPPED_TOPIC)) {
					records.add(message(topic, (i + copy) % PARTITIONS, null, keys.get(i), KEY_HEADER, keys.get(i)));
				}
			}
		}
		publish(records);

		eventually().until(() -> deliveries(GATED_LISTENER) >= KEYS * COPIES);
		assertThat(outcomes(GATED_LISTENER))
			.isEqualTo(Map.of("processed", (long) KEYS, "duplicate", (long) KEYS * (COPIES - 1)));
		assertThat(this.gated.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		awaitNoLag(GATED_LISTENER, GATED_TOPIC);
		assertThat(this.gated.runs().total()).isEqualTo(KEYS);

		awaitNoLag(SKIPPED_LISTENER, SKIPPED_TOPIC);
		assertThat(this.skipped.runs().byKey()).isEqualTo(Runs.each(keys, COPIES));
		assertThat(this.skipped.runs().total()).isEqualTo(KEYS * COPIES);
		assertThat(this.meters.find(IdempotencyMetricNames.MESSAGES)
			.tag(IdempotencyMetricNames.TAG_CONSUMER, SKIPPED_LISTENER)
			.counters()).isEmpty();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic gatedTopic() {
			return topic(GATED_TOPIC);
		}

		@Bean
		NewTopic skippedTopic() {
			return topic(SKIPPED_TOPIC);
		}

		@Bean
		Gated gated() {
			return new Gated();
		}

		@Bean
		Skipped skipped() {
			return new Skipped();
		}

	}

	static class Gated {

		private final Runs runs = new Runs();

		@KafkaListener(id = GATED_LISTENER, topics = GATED_TOPIC, concurrency = "3")
		void on(String event) {
			this.runs.record(event);
		}

		Runs runs() {
			return this.runs;
		}

	}

	static class Skipped {

		private final Runs runs = new Runs();

		@KafkaListener(id = SKIPPED_LISTENER, topics = SKIPPED_TOPIC, concurrency = "3")
		@SkipIdempotency
		void on(String event) {
			this.runs.record(event);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
