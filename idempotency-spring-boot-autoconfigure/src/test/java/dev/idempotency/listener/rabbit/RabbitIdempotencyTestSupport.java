package dev.idempotency.listener.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.idempotency.test.GateOutcomes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the RabbitMQ integration tests: a real broker ({@link RabbitTestServer}), the memory
 * store unless a test says otherwise, and helpers to publish, read the gate's counters and check
 * queue depths. Each test class runs its own application context with its own uniquely named
 * queues, which are deleted when the context closes.
 */
@TestPropertySource(properties = { "idempotency.store=memory", "spring.application.name=rabbit-tests",
		"spring.main.banner-mode=off" })
@DirtiesContext
abstract class RabbitIdempotencyTestSupport {

	static final String KEY_HEADER = "idempotency-key";

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	AmqpAdmin admin;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RabbitListenerEndpointRegistry listeners;

	@DynamicPropertySource
	static void rabbitProperties(DynamicPropertyRegistry registry) {
		RabbitTestServer.register(registry);
	}

	/**
	 * A queue name no other test run uses.
	 * @param prefix what the queue is for
	 * @return the name
	 */
	static String uniqueName(String prefix) {
		return "idempotency-test-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static List<String> keys(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + i).toList();
	}

	static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
	}

	/**
	 * Publish a text message to a queue through the default exchange.
	 * @param queue the queue
	 * @param body the text
	 * @param messageId the {@code message_id} property, or {@code null}
	 * @param headers header names and values, alternating
	 */
	void send(String queue, String body, @Nullable String messageId, String... headers) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN);
		properties.setMessageId(messageId);
		for (int i = 0; i < headers.length; i += 2) {
			properties.setHeader(headers[i], headers[i + 1]);
		}
		this.rabbit.send("", queue, new Message(body.getBytes(StandardCharsets.UTF_8), properties));
	}

	/**
	 * Stop a listener's container, which returns any message it left unacknowledged to its
	 * queue, then return how many messages the queue holds.
	 * @param listenerId the listener id
	 * @param queue the queue it consumes
	 * @return the queue's depth with no consumer attached
	 */
	long depthAfterStopping(String listenerId, String queue) {
		MessageListenerContainer container = this.listeners.getListenerContainer(listenerId);
		assertThat(container).as("listener %s", listenerId).isNotNull();
		container.stop();
		return depth(queue);
	}

	long depth(String queue) {
		Properties properties = this.admin.getQueueProperties(queue);
		assertThat(properties).as("queue %s", queue).isNotNull();
		return ((Number) properties.get(RabbitAdmin.QUEUE_MESSAGE_COUNT)).longValue();
	}

	Map<String, Long> outcomes(String consumer) {
		return GateOutcomes.of(this.meters, consumer);
	}

	long deliveries(String consumer) {
		return GateOutcomes.total(this.meters, consumer);
	}

	/**
	 * Beans every test context needs: a meter registry, so that the gate publishes its counters,
	 * and the deletion of the test's queues when the context closes.
	 */
	@Configuration(proxyBeanMethods = false)
	static class TestConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		DisposableBean deleteTestQueues(ObjectProvider<Queue> queues, AmqpAdmin admin) {
			return () -> queues.forEach((queue) -> admin.deleteQueue(queue.getName()));
		}

	}

}
