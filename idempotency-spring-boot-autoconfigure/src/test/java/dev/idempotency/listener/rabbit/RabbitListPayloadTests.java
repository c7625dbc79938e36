package dev.idempotency.listener.rabbit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record listener whose payload is a list (a JSON array converted by Boot's Jackson message
 * converter): taking a {@code List} does not make it a batch listener, since its container does
 * not deliver batches. Each message runs once, its copies are skipped, and the queue drains.
 */
@SpringBootTest(classes = RabbitListPayloadTests.Config.class)
class RabbitListPayloadTests extends RabbitIdempotencyTestSupport {

	static final String QUEUE = uniqueName("list-payload-orders");

	static final int MESSAGES = 20;

	@Autowired
	Orders orders;

	@Test
	void recordListenerTakingAListRunsEachMessageOnce() {
		List<String> keys = keys("order-", MESSAGES);
		for (String key : keys) {
			sendLines(key);
			sendLines(key);
		}

		eventually().until(() -> deliveries("list-orders") == 2L * MESSAGES);
		assertThat(this.orders.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(this.orders.lines()).containsOnlyKeys(keys)
			.allSatisfy((key, lines) -> assertThat(lines).containsExactly(key + "/a", key + "/b"));
		assertThat(outcomes("list-orders")).isEqualTo(Map.of("processed", (long) MESSAGES, "duplicate", (long) MESSAGES));
		assertThat(depthAfterStopping("list-orders", QUEUE)).isZero();
	}

	private void sendLines(String key) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setHeader(KEY_HEADER, key);
		String json = "[\"" + key + "/a\",\"" + key + "/b\"]";
		this.rabbit.send("", QUEUE, new Message(json.getBytes(StandardCharsets.UTF_8), properties));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue ordersQueue() {
			return new Queue(QUEUE);
		}

		@Bean
		JacksonJsonMessageConverter jsonMessageConverter() {
			return new JacksonJsonMessageConverter();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		private final Runs runs = new Runs();

		private final Map<String, List<String>> lines = new ConcurrentHashMap<>();

		@RabbitListener(id = "list-orders", queues = "#{@ordersQueue.name}")
		@Idempotent
		void onOrder(List<String> lines, @Header(KEY_HEADER) String order) {
			this.lines.put(order, List.copyOf(lines));
			this.runs.record(order);
		}

		Runs runs() {
			return this.runs;
		}

		Map<String, List<String>> lines() {
			return this.lines;
		}

	}

}
