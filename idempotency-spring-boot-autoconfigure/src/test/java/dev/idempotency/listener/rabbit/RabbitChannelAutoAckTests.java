package dev.idempotency.listener.rabbit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ChannelListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that takes the {@code Channel} for its own use while its container acknowledges
 * (AUTO, the default): the gate reads the container's acknowledge mode, so it leaves the
 * acknowledgement of a skipped duplicate to the container. Every message runs once, the broker
 * closes no channel (which a second acknowledgement of one delivery tag would make it do), and
 * the queue drains.
 */
@SpringBootTest(classes = RabbitChannelAutoAckTests.Config.class,
		properties = "spring.rabbitmq.listener.simple.prefetch=25")
class RabbitChannelAutoAckTests extends RabbitIdempotencyTestSupport {

	static final String QUEUE = uniqueName("auto-ack-channel-orders");

	static final int MESSAGES = 1000;

	@Autowired
	Orders orders;

	@Autowired
	ChannelShutdowns shutdowns;

	@Test
	void runsEachMessageOnceAndClosesNoChannel() {
		List<String> keys = keys("order-", MESSAGES);
		for (String key : keys) {
			send(QUEUE, key, key);
			send(QUEUE, key, key);
		}

		eventually().until(() -> deliveries("channel-orders") == 2L * MESSAGES);
		assertThat(this.orders.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(outcomes("channel-orders"))
			.isEqualTo(Map.of("processed", (long) MESSAGES, "duplicate", (long) MESSAGES));
		assertThat(this.shutdowns.closedByBroker()).as("channels closed by the broker").isZero();
		assertThat(depthAfterStopping("channel-orders", QUEUE)).isZero();
		assertThat(this.shutdowns.closedByBroker()).as("channels closed by the broker").isZero();
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
		Orders orders() {
			return new Orders();
		}

		@Bean
		static ChannelShutdowns channelShutdowns() {
			return new ChannelShutdowns();
		}

	}

	/**
	 * Counts the channels the broker closes, such as for an unknown delivery tag.
	 */
	static class ChannelShutdowns implements BeanPostProcessor, ChannelListener {

		private final AtomicInteger closedByBroker = new AtomicInteger();

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof CachingConnectionFactory connectionFactory) {
				connectionFactory.addChannelListener(this);
			}
			return bean;
		}

		@Override
		public void onCreate(Channel channel, boolean transactional) {
		}

		@Override
		public void onShutDown(ShutdownSignalException signal) {
			if (!signal.isInitiatedByApplication()) {
				this.closedByBroker.incrementAndGet();
			}
		}

		int closedByBroker() {
			return this.closedByBroker.get();
		}

	}

	static class Orders {

		private final Runs runs = new Runs();

		@RabbitListener(id = "channel-orders", queues = "#{@ordersQueue.name}", concurrency = "2")
		@Idempotent
		void on(String order, Channel channel) {
			this.runs.record(order);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
