package dev.idempotency.listener.rabbit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch listeners on a container that delivers batches of 10: each batch is claimed at once and
 * the method is handed its fresh elements only, in order, whether the duplicates are inside one
 * batch or in later ones. A listener that acknowledges manually only acknowledges what it is
 * handed; the gate acknowledges the rest, so that the queue drains.
 */
@SpringBootTest(classes = RabbitBatchListenerTests.Config.class,
		properties = { "spring.rabbitmq.listener.simple.consumer-batch-enabled=true",
				"spring.rabbitmq.listener.simple.batch-size=10", "spring.rabbitmq.listener.simple.prefetch=50",
				"spring.rabbitmq.listener.simple.receive-timeout=200ms" })
class RabbitBatchListenerTests extends RabbitIdempotencyTestSupport {

	static final String PAYLOADS = uniqueName("batch-payloads");

	static final String MESSAGES = uniqueName("batch-manual-messages");

	static final int KEYS = 20;

	@Autowired
	Shipments shipments;

	@Test
	void payloadBatchIsNarrowedToFreshElements() {
		List<String> keys = keys("parcel-", KEYS);
		for (String key : keys) {
			send(PAYLOADS, key, null, KEY_HEADER, key);
			send(PAYLOADS, key, null, KEY_HEADER, key);
		}
		eventually().until(() -> deliveries("payload-shipments") == 2L * KEYS);
		for (String key : keys) {
			send(PAYLOADS, key, null, KEY_HEADER, key);
		}

		eventually().until(() -> deliveries("payload-shipments") == 3L * KEYS);
		assertThat(this.shipments.payloadRuns().byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(this.shipments.payloadBatches().stream().flatMap(List::stream).toList()).isEqualTo(keys);
		assertThat(outcomes("payload-shipments"))
			.isEqualTo(Map.of("processed", (long) KEYS, "duplicate", 2L * KEYS));
		assertThat(depthAfterStopping("payload-shipments", PAYLOADS)).isZero();
	}

	@Test
	void manuallyAcknowledgedBatchDrainsWithItsDuplicatesAcknowledgedByTheGate() {
		List<String> keys = keys("crate-", KEYS);
		for (String key : keys) {
			send(MESSAGES, key, key);
			send(MESSAGES, key, key);
		}
		eventually().until(() -> deliveries("manual-shipments") == 2L * KEYS);
		for (String key : keys) {
			send(MESSAGES, key, key);
		}

		eventually().until(() -> deliveries("manual-shipments") == 3L * KEYS);
		assertThat(this.shipments.messageRuns().byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(outcomes("manual-shipments"))
			.isEqualTo(Map.of("processed", (long) KEYS, "duplicate", 2L * KEYS));
		assertThat(depthAfterStopping("manual-shipments", MESSAGES)).isZero();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue payloadsQueue() {
			return new Queue(PAYLOADS);
		}

		@Bean
		Queue messagesQueue() {
			return new Queue(MESSAGES);
		}

		@Bean
		Shipments shipments() {
			return new Shipments();
		}

	}

	static class Shipments {

		private final Runs payloadRuns = new Runs();

		private final List<List<String>> payloadBatches = new CopyOnWriteArrayList<>();

		private final Runs messageRuns = new Runs();

		@RabbitListener(id = "payload-shipments", queues = "#{@payloadsQueue.name}")
		@Idempotent
		void onPayloads(List<String> parcels) {
			this.payloadBatches.add(List.copyOf(parcels));
			parcels.forEach(this.payloadRuns::record);
		}

		@RabbitListener(id = "manual-shipments", queues = "#{@messagesQueue.name}", ackMode = "MANUAL")
		@Idempotent
		void onMessages(List<Message> crates, Channel channel) throws IOException {
			for (Message crate : crates) {
				this.messageRuns.record(new String(crate.getBody(), StandardCharsets.UTF_8));
				channel.basicAck(crate.getMessageProperties().getDeliveryTag(), false);
			}
		}

		Runs payloadRuns() {
			return this.payloadRuns;
		}

		List<List<String>> payloadBatches() {
			return this.payloadBatches;
		}

		Runs messageRuns() {
			return this.messageRuns;
		}

	}

}
