package dev.idempotency.listener.rabbit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages with neither the key header nor a {@code message_id}: never acknowledged silently,
 * they are rejected without requeue, so that the queue's dead-letter exchange receives them, and
 * counted {@code key_missing}; the body never runs for them. The same holds for a listener that
 * acknowledges manually. Messages with a key on the same queues run once.
 */
@SpringBootTest(classes = RabbitMissingKeyTests.Config.class)
class RabbitMissingKeyTests extends RabbitIdempotencyTestSupport {

	static final String ORDERS = uniqueName("keyless-orders");

	static final String MANUAL_ORDERS = uniqueName("keyless-manual-orders");

	static final String DEAD_LETTERS = uniqueName("keyless-dead-letters");

	@Autowired
	Orders orders;

	@Test
	void keylessMessagesAreDeadLetteredAndTheRestRunOnce() {
		for (String queue : List.of(ORDERS, MANUAL_ORDERS)) {
			send(queue, "keyed by header", null, KEY_HEADER, queue + "-1");
			send(queue, "no key", null);
			send(queue, "keyed by message id", queue + "-2");
			send(queue, "blank key", null, KEY_HEADER, "  ");
		}

		List<String> deadLetters = new ArrayList<>();
		eventually().until(() -> {
			Message message = this.rabbit.receive(DEAD_LETTERS);
			if (message != null) {
				deadLetters.add(new String(message.getBody(), StandardCharsets.UTF_8));
			}
			return deadLetters.size() == 4;
		});
		assertThat(deadLetters).containsExactlyInAnyOrder("no key", "blank key", "no key", "blank key");
		assertThat(this.orders.runs().byKey()).isEqualTo(Map.of("keyed by header", 2, "keyed by message id", 2));
		assertThat(outcomes("orders")).isEqualTo(Map.of("processed", 2L, "key_missing", 2L));
		assertThat(outcomes("manual-orders")).isEqualTo(Map.of("processed", 2L, "key_missing", 2L));
		assertThat(depthAfterStopping("orders", ORDERS)).isZero();
		assertThat(depthAfterStopping("manual-orders", MANUAL_ORDERS)).isZero();
		assertThat(depth(DEAD_LETTERS)).isZero();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue ordersQueue() {
			return QueueBuilder.nonDurable(ORDERS).deadLetterExchange("").deadLetterRoutingKey(DEAD_LETTERS).build();
		}

		@Bean
		Queue manualOrdersQueue() {
			return QueueBuilder.nonDurable(MANUAL_ORDERS)
				.deadLetterExchange("")
				.deadLetterRoutingKey(DEAD_LETTERS)
				.build();
		}

		@Bean
		Queue deadLettersQueue() {
			return QueueBuilder.nonDurable(DEAD_LETTERS).build();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		private final Runs runs = new Runs();

		@RabbitListener(id = "orders", queues = "#{@ordersQueue.name}")
		@Idempotent
		void on(String order) {
			this.runs.record(order);
		}

		@RabbitListener(id = "manual-orders", queues = "#{@manualOrdersQueue.name}", ackMode = "MANUAL")
		@Idempotent
		void onManually(String order, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
			this.runs.record(order);
			channel.basicAck(tag, false);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
