package dev.idempotency.listener.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.idempotency.Idempotent;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.test.Runs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch listeners with manual acknowledgement: each is called with the fresh elements of its
 * batch only, in order, parallel lists narrowed alike; a batch of duplicates is acknowledged
 * without a call; a failure at one element completes the elements before it.
 */
@SpringBootTest(classes = KafkaBatchListenerTests.Config.class,
		properties = { "spring.application.name=kafka-batch-listener-tests", "spring.kafka.listener.type=batch",
				"spring.kafka.listener.ack-mode=manual", "spring.kafka.consumer.max-poll-records=1000" })
class KafkaBatchListenerTests extends KafkaIdempotencyTestSupport {

	@Autowired
	Listeners listeners;

	@Autowired
	RecordingRecoverer recoverer;

	@Test
	void batchOf500With50DuplicatesReachesTheListenerAsThe450FreshElementsInOrder() throws Exception {
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		List<String> fresh = new ArrayList<>();
		for (int i = 0; i < 450; i++) {
			records.add(message("batch-records", 0, "key-" + i, "value-" + records.size()));
			fresh.add("key-" + i + "=value-" + (records.size() - 1));
			if (i % 9 == 8) {
				records.add(message("batch-records", 0, "key-" + (i - 4), "value-" + records.size()));
			}
		}
		assertThat(records).hasSize(500);
		publish(records);
		eventually().until(() -> deliveries("batch-records") == 500);
		assertThat(this.listeners.records()).containsExactlyElementsOf(fresh);
		assertThat(outcomes("batch-records")).isEqualTo(Map.of("processed", 450L, "duplicate", 50L));
		awaitNoLag("batch-records", "batch-records");

		publish(records);
		eventually().until(() -> deliveries("batch-records") == 1000);
		assertThat(this.listeners.records()).hasSize(450);
		assertThat(outcomes("batch-records")).isEqualTo(Map.of("processed", 450L, "duplicate", 550L));
		awaitNoLag("batch-records", "batch-records");
	}

	@Test
	void failureAtOneElementCompletesTheElementsBeforeItAndRetriesTheRest() throws Exception {
		List<String> keys = keys("failing-", 30);
		publish(keys.stream().map((key) -> message("batch-failing", 0, key, key)).toList());
		// the gate counts a batch's outcomes once the method returned, after its body recorded them
		eventually().until(() -> deliveries("batch-failing") == 50);
		assertThat(this.listeners.failingCompletions().byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(this.listeners.failingAttempts().byKey().get("failing-10")).isEqualTo(2);
		assertThat(outcomes("batch-failing")).isEqualTo(Map.of("processed", 30L, "failed", 20L));
		assertThat(this.recoverer.records()).noneMatch((record) -> record.topic().equals("batch-failing"));
		awaitNoLag("batch-failing", "batch-failing");
	}

	@Test
	void payloadListAndParallelHeaderListAreNarrowedAlike() throws Exception {
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < 3; copy++) {
			for (int i = 0; i < 20; i++) {
				records.add(message("batch-payloads", i % PARTITIONS, "record-key-" + i, "payload-" + i, KEY_HEADER,
						"order-" + i));
			}
		}
		publish(records);
		eventually().until(() -> deliveries("batch-payloads") == 60);
		assertThat(this.listeners.payloads()).hasSize(20)
			.allSatisfy((pair) -> assertThat(pair.substring(pair.indexOf('=') + 1))
				.isEqualTo("payload-" + pair.substring("record-key-".length(), pair.indexOf('='))));
		assertThat(this.listeners.payloads()).doesNotHaveDuplicates();
		assertThat(outcomes("batch-payloads")).isEqualTo(Map.of("processed", 20L, "duplicate", 40L));
		awaitNoLag("batch-payloads", "batch-payloads");
	}

	@Test
	void messageListIsNarrowedToTheFreshMessagesWithTheirHeaders() throws Exception {
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < 2; copy++) {
			for (int i = 0; i < 10; i++) {
				records.add(message("batch-messages", 0, null, "value-" + i, KEY_HEADER, "message-" + i));
			}
		}
		publish(records);
		eventually().until(() -> deliveries("batch-messages") == 20);
		assertThat(this.listeners.messages()).containsExactlyElementsOf(
				keys("message-", 10).stream().map((key) -> key + "=value-" + key.substring("message-".length())).toList());
		assertThat(outcomes("batch-messages")).isEqualTo(Map.of("processed", 10L, "duplicate", 10L));
		awaitNoLag("batch-messages", "batch-messages");
	}

	@Test
	void keylessElementGoesToTheRecovererAloneAndTheOthersAreProcessedOnce() throws Exception {
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			records.add((i == 5) ? message("batch-keyless", 0, null, "value-5")
					: message("batch-keyless", 0, null, "value-" + i, KEY_HEADER, "keyless-" + i));
		}
		publish(records);
		eventually().until(() -> this.listeners.keyless().size() == 9 && this.recoverer.records().size() == 1);
		assertThat(this.listeners.keyless()).containsExactly("value-0", "value-1", "value-2", "value-3", "value-4",
				"value-6", "value-7", "value-8", "value-9");
		assertThat(this.recoverer.records()).singleElement()
			.satisfies((record) -> assertThat(record.value()).isEqualTo("value-5"));
		assertThat(this.recoverer.exceptions()).singleElement()
			.satisfies((ex) -> assertThat(ex).hasRootCauseInstanceOf(IdempotencyKeyException.class)
				.rootCause()
				.hasMessage("No idempotency key for a message of batch-keyless: header 'idempotency-key' gave null. "
						+ "Give every message a key, or set idempotency.on-missing-key=process to run keyless "
						+ "messages without the gate."));
		assertThat(outcomes("batch-keyless")).isEqualTo(Map.of("processed", 9L, "key_missing", 1L));
		awaitNoLag("batch-keyless", "batch-keyless");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ MeterConfiguration.class, RecovererConfiguration.class })
	static class Config {

		@Bean
		NewTopic recordsTopic() {
			return topic("batch-records");
		}

		@Bean
		NewTopic failingTopic() {
			return topic("batch-failing");
		}

		@Bean
		NewTopic payloadsTopic() {
			return topic("batch-payloads");
		}

		@Bean
		NewTopic messagesTopic() {
			return topic("batch-messages");
		}

		@Bean
		NewTopic keylessTopic() {
			return topic("batch-keyless");
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Listeners {

		private final List<String> records = new CopyOnWriteArrayList<>();

		private final Runs failingAttempts = new Runs();

		private final Runs failingCompletions = new Runs();

		private final List<String> payloads = new CopyOnWriteArrayList<>();

		private final List<String> keyless = new CopyOnWriteArrayList<>();

		private final List<String> messages = new CopyOnWriteArrayList<>();

		List<String> records() {
			return this.records;
		}

		Runs failingAttempts() {
			return this.failingAttempts;
		}

		Runs failingCompletions() {
			return this.failingCompletions;
		}

		List<String> payloads() {
			return this.payloads;
		}

		List<String> keyless() {
			return this.keyless;
		}

		List<String> messages() {
			return this.messages;
		}

		@KafkaListener(id = "batch-records", topics = "batch-records")
		@Idempotent(key = "#record.key()")
		void onRecords(List<ConsumerRecord<String, String>> batch, Acknowledgment ack) {
			batch.forEach((record) -> this.records.add(record.key() + "=" + record.value()));
			ack.acknowledge();
		}

		@KafkaListener(id = "batch-failing", topics = "batch-failing")
		@Idempotent(key = "#payload")
		void onFailing(ConsumerRecords<String, String> batch, Acknowledgment ack) {
			int index = 0;
			for (ConsumerRecord<String, String> record : batch) {
				if (this.failingAttempts.record(record.value()) == 1 && record.value().equals("failing-10")) {
					throw new BatchListenerFailedException("failing-10 fails once", index);
				}
				this.failingCompletions.record(record.value());
				index++;
			}
			ack.acknowledge();
		}

		@KafkaListener(id = "batch-payloads", topics = "batch-payloads", concurrency = "3")
		@Idempotent
		void onPayloads(List<String> values, @Header(KafkaHeaders.RECEIVED_KEY) List<String> recordKeys,
				Acknowledgment ack) {
			for (int i = 0; i < values.size(); i++) {
				this.payloads.add(recordKeys.get(i) + "=" + values.get(i));
			}
			ack.acknowledge();
		}

		@KafkaListener(id = "batch-messages", topics = "batch-messages")
		@Idempotent(key = "#headers['idempotency-key']")
		void onMessages(List<Message<String>> batch, Acknowledgment ack) {
			batch.forEach((message) -> this.messages
				.add(new String((byte[]) message.getHeaders().get(KEY_HEADER)) + "=" + message.getPayload()));
			ack.acknowledge();
		}

		@KafkaListener(id = "batch-keyless", topics = "batch-keyless")
		@Idempotent
		void onKeyless(List<String> values, Acknowledgment ack) {
			this.keyless.addAll(values);
			ack.acknowledge();
		}

	}

}
