package dev.idempotency.listener.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two listener containers in one consumer group sharing one consumer's records: one of them is
 * stopped in the middle of the run and started again, so that partitions move between them while
 * copies are in flight. The containers start once all records are published, so that the stop
 * falls in the middle of the run. Every key's effect happens once, none is lost, and the group ends with
 * no lag.
 */
@SpringBootTest(classes = KafkaRebalanceTests.Config.class,
		properties = { "spring.application.name=kafka-rebalance-tests", "spring.kafka.listener.type=batch",
				"spring.kafka.consumer.max-poll-records=500" })
class KafkaRebalanceTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "rebalance-payments";

	static final String GROUP = "rebalance-payments";

	static final int KEYS = 20_000;

	static final int COPIES = 3;

	@Autowired
	Payments payments;

	@Test
	void everyKeyTakesEffectOnceWhilePartitionsMoveBetweenContainers() throws Exception {
		List<String> keys = keys("payment-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				records.add(message(TOPIC, (i + copy) % PARTITIONS, null, keys.get(i), KEY_HEADER, keys.get(i)));
			}
		}
		publish(records);

		MessageListenerContainer first = this.listeners.getListenerContainer("rebalance-a");
		MessageListenerContainer second = this.listeners.getListenerContainer("rebalance-b");
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		first.start();
		second.start();
		slowly().until(() -> this.payments.effects().total() >= KEYS / 4);
		second.stop();
		int effectsWhenStopped = this.payments.effects().total();
		slowly().until(() -> this.payments.effects().total() >= Math.min(KEYS, effectsWhenStopped + KEYS / 10));
		second.start();
		slowly().until(() -> this.payments.effects().total() == KEYS);
		awaitNoLag(GROUP, TOPIC);
		assertThat(this.payments.effects().byKey()).isEqualTo(Runs.each(keys, 1));
		Map<String, Long> outcomes = outcomes("rebalance");
		assertThat(outcomes.get("processed")).isEqualTo(KEYS);
		assertThat(outcomes.get("duplicate")).isGreaterThanOrEqualTo((long) KEYS * (COPIES - 1));
		assertThat(outcomes).containsOnlyKeys("processed", "duplicate");
	}

	/**
	 * Waits long enough for 60,000 records on a busy two-core machine.
	 */
	private static ConditionFactory slowly() {
		return eventually().atMost(Duration.ofSeconds(120));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
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

		private final Runs effects = new Runs();

		@KafkaListener(id = "rebalance-a", groupId = GROUP, topics = TOPIC, autoStartup = "false")
		@Idempotent(consumer = "rebalance")
		void onA(List<ConsumerRecord<String, String>> payments) {
			payments.forEach((payment) -> this.effects.record(payment.value()));
		}

		@KafkaListener(id = "rebalance-b", groupId = GROUP, topics = TOPIC, autoStartup = "false")
		@Idempotent(consumer = "rebalance")
		void onB(List<ConsumerRecord<String, String>> payments) {
			payments.forEach((payment) -> this.effects.record(payment.value()));
		}

		Runs effects() {
			return this.effects;
		}

	}

}
