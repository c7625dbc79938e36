package dev.idempotency.listener.rabbit;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.rabbitmq.client.Channel;
import dev.idempotency.Idempotent;
import dev.idempotency.store.redis.RedisTestServer;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that acknowledges manually, three consumers, keys from the producer's
 * {@code message_id}, records in Redis: every message's body runs once, the gate acknowledges the
 * duplicates it skips, and the queue drains with nothing left unacknowledged.
 */
@SpringBootTest(classes = RabbitManualAckTests.Config.class,
		properties = { "spring.rabbitmq.listener.simple.acknowledge-mode=manual",
				"spring.rabbitmq.listener.simple.prefetch=10" })
@TestPropertySource(properties = "idempotency.store=redis")
class RabbitManualAckTests extends RabbitIdempotencyTestSupport {

	static final String QUEUE = uniqueName("manual-ack-payments");

	static final String GROUP = uniqueName("group");

	static final int MESSAGES = 100;

	@Autowired
	Payments payments;

	@Autowired
	StringRedisTemplate redis;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		URI redis = RedisTestServer.uri();
		registry.add("spring.data.redis.host", redis::getHost);
		registry.add("spring.data.redis.port", redis::getPort);
		registry.add("idempotency.group-id", () -> GROUP);
	}

	@Test
	void runsEachMessageOnceAndAcknowledgesEveryCopy() {
		List<String> ids = keys("payment-", MESSAGES);
		for (String id : ids) {
			send(QUEUE, "charge " + id, id);
			send(QUEUE, "charge " + id, id);
		}

		eventually().until(() -> deliveries("payments") == 2L * MESSAGES);
		assertThat(this.payments.runs().byKey()).isEqualTo(Runs.each(ids, 1));
		assertThat(outcomes("payments")).isEqualTo(Map.of("processed", (long) MESSAGES, "duplicate", (long) MESSAGES));
		assertThat(depthAfterStopping("payments", QUEUE)).isZero();
		Set<String> records = this.redis.keys("idempotency:" + GROUP + ":payments:*");
		assertThat(records).hasSize(MESSAGES);
	}

	@AfterAll
	static void deleteRecords(@Autowired StringRedisTemplate redis) {
		redis.delete(redis.keys("idempotency:" + GROUP + ":*"));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue paymentsQueue() {
			return new Queue(QUEUE);
		}

		@Bean
		Payments payments() {
			return new Payments();
		}

	}

	static class Payments {

		private final Runs runs = new Runs();

		@RabbitListener(id = "payments", queues = "#{@paymentsQueue.name}", concurrency = "3")
		@Idempotent
		void on(String payment, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
			this.runs.record(payment.substring("charge ".length()));
			channel.basicAck(tag, false);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
