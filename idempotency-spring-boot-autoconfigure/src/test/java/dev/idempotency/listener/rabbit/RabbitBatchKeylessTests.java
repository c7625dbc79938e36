package dev.idempotency.listener.rabbit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer batch of 10 with one message that has no key, on queues with a dead-letter queue:
 * the keyless message alone is rejected to the dead-letter exchange, and the method runs once for
 * the nine others, in one call. Whether the container acknowledges the batch (AUTO, keyless
 * message in the middle or last) or the method does (MANUAL), nothing else is dead-lettered and
 * the queue drains.
 */
@SpringBootTest(classes = RabbitBatchKeylessTests.Config.class,
		properties = { "spring.rabbitmq.listener.simple.consumer-batch-enabled=true",
				"spring.rabbitmq.listener.simple.batch-size=10", "spring.rabbitmq.listener.simple.prefetch=50" })
class RabbitBatchKeylessTests extends RabbitIdempotencyTestSupport {

	static final int BATCH = 10;

	static final Map<String, String> QUEUES = Map.of("auto-orders", uniqueName("batch-keyless-auto"),
			"auto-last-orders", uniqueName("batch-keyless-auto-last"), "manual-orders",
			uniqueName("batch-keyless-manual"));

	@Autowired
	Orders orders;

	@ParameterizedTest
	@CsvSource({ "auto-orders, 4", "auto-last-orders, 9", "manual-orders, 4" })
	void onlyTheKeylessMessageIsDeadLetteredAndTheOthersRunOnce(String listener, int keyless) {
		String queue = QUEUES.get(listener);
		List<String> keyed = new ArrayList<>();
		for (int i = 0; i < BATCH; i++) {
			String order = listener + "-" + i;
			if (i == keyless) {
				send(queue, order, null);
			}
			else {
				send(queue, order, null, KEY_HEADER, order);
				keyed.add(order);
			}
		}
		this.listeners.getListenerContainer(listener).start();

		List<String> deadLetters = new ArrayList<>();
		eventually().until(() -> {
			Message message = this.rabbit.receive(queue + "-dlq");
			if (message != null) {
				deadLetters.add(new String(message.getBody(), StandardCharsets.UTF_8));
			}
			return deliveries(listener) == BATCH && !deadLetters.isEmpty();
		});
		assertThat(depthAfterStopping(listener, queue)).isZero();
		assertThat(deadLetters).containsExactly(listener + "-" + keyless);
		assertThat(depth(queue + "-dlq")).isZero();
		assertThat(this.orders.runs(listener).byKey()).isEqualTo(Runs.each(keyed, 1));
		assertThat(this.orders.batches(listener)).containsExactly(keyed);
		assertThat(outcomes(listener)).isEqualTo(Map.of("processed", (long) BATCH - 1, "key_missing", 1L));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue autoOrdersQueue() {
			return queue("auto-orders");
		}

		@Bean
		Queue autoOrdersDeadLetters() {
			return QueueBuilder.nonDurable(QUEUES.get("auto-orders") + "-dlq").build();
		}

		@Bean
		Queue autoLastOrdersQueue() {
			return queue("auto-last-orders");
		}

		@Bean
		Queue autoLastOrdersDeadLetters() {
			return QueueBuilder.nonDurable(QUEUES.get("auto-last-orders") + "-dlq").build();
		}

		@Bean
		Queue manualOrdersQueue() {
			return queue("manual-orders");
		}

		@Bean
		Queue manualOrdersDeadLetters() {
			return QueueBuilder.nonDurable(QUEUES.get("manual-orders") + "-dlq").build();
		}

		private static Queue queue(String listener) {
			String name = QUEUES.get(listener);
			return QueueBuilder.nonDurable(name).deadLetterExchange("").deadLetterRoutingKey(name + "-dlq").build();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		private final Map<String, Runs> runs = new ConcurrentHashMap<>();

		private final Map<String, List<List<String>>> batches = new ConcurrentHashMap<>();

		@RabbitListener(id = "auto-orders", queues = "#{@autoOrdersQueue.name}", autoStartup = "false")
		@Idempotent
		void onOrders(List<String> orders) {
			record("auto-orders", orders);
		}

		@RabbitListener(id = "auto-last-orders", queues = "#{@autoLastOrdersQueue.name}", autoStartup = "false")
		@Idempotent
		void onOrdersKeylessLast(List<String> orders) {
			record("auto-last-orders", orders);
		}

		@RabbitListener(id = "manual-orders", queues = "#{@manualOrdersQueue.name}", autoStartup = "false",
				ackMode = "MANUAL")
		@Idempotent
		void onOrdersManually(List<Message> orders, Channel channel) throws IOException {
			record("manual-orders",
					orders.stream().map((order) -> new String(order.getBody(), StandardCharsets.UTF_8)).toList());
			for (Message order : orders) {
				channel.basicAck(order.getMessageProperties().getDeliveryTag(), false);
			}
		}

		private void record(String listener, List<String> orders) {
			this.batches.computeIfAbsent(listener, (key) -> new CopyOnWriteArrayList<>()).add(List.copyOf(orders));
			orders.forEach(this.runs(listener)::record);
		}

		Runs runs(String listener) {
			return this.runs.computeIfAbsent(listener, (key) -> new Runs());
		}

		List<List<String>> batches(String listener) {
			return this.batches.getOrDefault(listener, List.of());
		}

	}

}
