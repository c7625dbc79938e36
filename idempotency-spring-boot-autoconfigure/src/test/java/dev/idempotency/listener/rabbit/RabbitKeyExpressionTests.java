package dev.idempotency.listener.rabbit;

import java.util.Map;

import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys from SpEL over what a {@code @RabbitListener} receives: the AMQP message
 * ({@code #message}), its application headers ({@code #headers}) and the method's parameters,
 * whether the method takes a Spring {@code Message<?>} or {@code @Payload} and {@code @Header}
 * parameters.
 */
@SpringBootTest(classes = RabbitKeyExpressionTests.Config.class)
class RabbitKeyExpressionTests extends RabbitIdempotencyTestSupport {

	static final String INVOICES = uniqueName("expression-invoices");

	static final String REMINDERS = uniqueName("expression-reminders");

	@Autowired
	Listeners listeners;

	@Test
	void keyFromTheAmqpMessageOfASpringMessageListener() {
		for (int copy = 0; copy < 2; copy++) {
			sendWithCorrelationId(INVOICES, "invoice for order-1", "order-1");
			sendWithCorrelationId(INVOICES, "invoice for order-2", "order-2");
		}
		sendWithCorrelationId(INVOICES, "second invoice for order-1", "order-1");

		eventually().until(() -> deliveries("invoices") == 5);
		assertThat(this.listeners.invoices().byKey())
			.isEqualTo(Map.of("invoice for order-1", 1, "invoice for order-2", 1));
		assertThat(outcomes("invoices")).isEqualTo(Map.of("processed", 2L, "duplicate", 3L));
	}

	@Test
	void keyFromAHeaderAndAParameterByName() {
		for (int copy = 0; copy < 2; copy++) {
			send(REMINDERS, "pay now", null, "tenant", "acme");
			send(REMINDERS, "pay now", null, "tenant", "globex");
		}

		eventually().until(() -> deliveries("reminders") == 4);
		assertThat(this.listeners.reminders().byKey()).isEqualTo(Map.of("acme:pay now", 1, "globex:pay now", 1));
		assertThat(outcomes("reminders")).isEqualTo(Map.of("processed", 2L, "duplicate", 2L));
	}

	private void sendWithCorrelationId(String queue, String body, String correlationId) {
		this.rabbit.convertAndSend("", queue, body, (message) -> {
			MessageProperties properties = message.getMessageProperties();
			properties.setCorrelationId(correlationId);
			return message;
		});
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue invoicesQueue() {
			return new Queue(INVOICES);
		}

		@Bean
		Queue remindersQueue() {
			return new Queue(REMINDERS);
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Listeners {

		private final Runs invoices = new Runs();

		private final Runs reminders = new Runs();

		@RabbitListener(id = "invoices", queues = "#{@invoicesQueue.name}")
		@Idempotent(key = "#message.messageProperties.correlationId")
		void onInvoice(Message<String> invoice) {
			this.invoices.record(invoice.getPayload());
		}

		@RabbitListener(id = "reminders", queues = "#{@remindersQueue.name}")
		@Idempotent(key = "#tenant + ':' + #text")
		void onReminder(@Payload String text, @Header("tenant") String tenant) {
			this.reminders.record(tenant + ":" + text);
		}

		Runs invoices() {
			return this.invoices;
		}

		Runs reminders() {
			return this.reminders;
		}

	}

}
