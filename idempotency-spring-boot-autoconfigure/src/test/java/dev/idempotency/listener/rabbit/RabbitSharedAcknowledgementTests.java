package dev.idempotency.listener.rabbit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.core.StoreOperation;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.store.redis.RedisTestServer;
import dev.idempotency.test.RecordByRecordStore;
import dev.idempotency.test.Runs;
import dev.idempotency.test.StoreRequestCounts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Record listeners whose container acknowledges ten deliveries at once, one
 * {@code basicAck(tag, multiple)} after the tenth ({@code SimpleMessageListenerContainer} with
 * {@code batch-size: 10}, {@code DirectMessageListenerContainer} with {@code messagesPerAck: 10}),
 * on the Redis store with the default per-poll store writes. Spring AMQP offers no hook on the
 * consumer thread between the last listener call of such a batch and its acknowledgement, so the
 * gate completes each record before its listener call returns: every acknowledgement finds the
 * records of all the deliveries it covers completed, also when the store fails a completion or
 * loses its answer, and the store sees one claim and one completion request per message.
 */
@SpringBootTest(classes = RabbitSharedAcknowledgementTests.Config.class,
		properties = { "spring.rabbitmq.listener.simple.batch-size=10", "spring.rabbitmq.listener.simple.prefetch=50" })
class RabbitSharedAcknowledgementTests extends RabbitIdempotencyTestSupport {

	static final String GROUP = "rabbit-shared-ack-" + UUID.randomUUID();

	static final String SHARED = "shared-ack-orders";

	static final String FAILING = "failing-ack-orders";

	static final String DIRECT = "direct-ack-orders";

	static final String SHARED_QUEUE = uniqueName(SHARED);

	static final String DIRECT_QUEUE = uniqueName(DIRECT);

	static final String FAILING_QUEUE = uniqueName(FAILING);

	static final int MESSAGES = 100;

	@Autowired
	Orders orders;

	@Autowired
	StoreRequestCounts requests;

	@Autowired
	IdempotencyStore store;

	@Autowired
	FailingCompletions failures;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		URI redis = RedisTestServer.uri();
		registry.add("idempotency.store", () -> "redis");
		registry.add("idempotency.group-id", () -> GROUP);
		registry.add("spring.data.redis.host", redis::getHost);
		registry.add("spring.data.redis.port", redis::getPort);
	}

	@Test
	void everyRecordIsCompletedBeforeTheAcknowledgementThatCoversIt() {
		assertCompletedBeforeSharedAcknowledgements(SHARED, SHARED_QUEUE);
	}

	@Test
	void directContainerAcknowledgingPerTenMessagesFindsThemCompletedToo() {
		assertCompletedBeforeSharedAcknowledgements(DIRECT, DIRECT_QUEUE);
	}

	@Test
	void aFailedOrLostCompletionIsRetriedAndTheAcknowledgementWaitsForIt() {
		List<String> keys = keys("failing-", MESSAGES);
		this.failures.failNext(2);
		Acknowledgements acks = runPublishedFirst(FAILING, FAILING_QUEUE, keys);

		assertThat(this.failures.failed()).as("completions failed, then lost").isEqualTo(2);
		assertThat(this.orders.runs(FAILING).byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(acks.early()).as("deliveries acknowledged before their record was completed").isEmpty();
		assertThat(this.requests.of(StoreOperation.COMPLETE)).as("completion requests").isEqualTo(MESSAGES + 2);
		assertThat(outcomes(FAILING)).isEqualTo(Map.of("processed", (long) MESSAGES));
		assertThat(keys).allSatisfy((key) -> assertThat(status(FAILING, key)).isEqualTo(RecordStatus.COMPLETED));
		assertThat(depthAfterStopping(FAILING, FAILING_QUEUE)).isZero();
	}

	private void assertCompletedBeforeSharedAcknowledgements(String listener, String queue) {
		List<String> keys = keys(listener + "-", MESSAGES);
		Acknowledgements acks = runPublishedFirst(listener, queue, keys);

		assertThat(this.orders.runs(listener).byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(acks.early()).as("deliveries acknowledged before their record was completed").isEmpty();
		assertThat(acks.count()).as("acknowledgements").isBetween(MESSAGES / 10, MESSAGES / 5);
		assertThat(this.requests.of(StoreOperation.CLAIM)).as("claim requests").isEqualTo(MESSAGES);
		assertThat(this.requests.of(StoreOperation.COMPLETE)).as("completion requests").isEqualTo(MESSAGES);
		assertThat(outcomes(listener)).isEqualTo(Map.of("processed", (long) MESSAGES));
		assertThat(depthAfterStopping(listener, queue)).isZero();
	}

	private Acknowledgements runPublishedFirst(String listener, String queue, List<String> keys) {
		keys.forEach((key) -> send(queue, key, null, KEY_HEADER, key));
		eventually().until(() -> depth(queue) == keys.size());
		this.requests.reset();
		AbstractMessageListenerContainer container = (AbstractMessageListenerContainer) this.listeners
			.getListenerContainer(listener);
		assertThat(container).isNotNull();
		Acknowledgements acks = new Acknowledgements(listener);
		container.setMessageAckListener(acks::acknowledged);
		container.start();
		eventually().until(() -> acks.covered() == keys.size());
		return acks;
	}

	private @Nullable RecordStatus status(String consumer, String key) {
		return this.store.find(new RecordScope(GROUP, consumer, key)).map(IdempotencyRecord::status).orElse(null);
	}

	/**
	 * Reads the store right after each acknowledgement, on the consumer thread before it takes
	 * the next delivery, for the deliveries it covers (those since the previous one): a delivery
	 * acknowledged while its record is not completed yet is early.
	 * (An assertion here would be logged and swallowed by the container.)
	 */
	private final class Acknowledgements {

		private final String listener;

		private final AtomicInteger count = new AtomicInteger();

		private final List<String> early = new CopyOnWriteArrayList<>();

		private long lastTag;

		private volatile int covered;

		Acknowledgements(String listener) {
			this.listener = listener;
		}

		synchronized void acknowledged(boolean success, long deliveryTag, @Nullable Throwable cause) {
			if (!success) {
				this.early.add("failed acknowledgement " + deliveryTag);
			}
			this.count.incrementAndGet();
			Map<Long, String> delivered = RabbitSharedAcknowledgementTests.this.orders.deliveries(this.listener)
				.subMap(this.lastTag, false, deliveryTag, true);
			for (String key : delivered.values()) {
				if (status(this.listener, key) != RecordStatus.COMPLETED) {
					this.early.add(key);
				}
			}
			this.lastTag = deliveryTag;
			this.covered += delivered.size();
		}

		int count() {
			return this.count.get();
		}

		int covered() {
			return this.covered;
		}

		List<String> early() {
			return this.early;
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue sharedQueue() {
			return new Queue(SHARED_QUEUE);
		}

		@Bean
		Queue directQueue() {
			return new Queue(DIRECT_QUEUE);
		}

		@Bean
		DirectRabbitListenerContainerFactory directAckFactory(ConnectionFactory connectionFactory) {
			DirectRabbitListenerContainerFactory factory = new DirectRabbitListenerContainerFactory();
			factory.setConnectionFactory(connectionFactory);
			factory.setMessagesPerAck(10);
			factory.setPrefetchCount(50);
			return factory;
		}

		@Bean
		Queue failingQueue() {
			return new Queue(FAILING_QUEUE);
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		StoreRequestCounts storeRequests() {
			return new StoreRequestCounts();
		}

		@Bean
		static FailingCompletions failingCompletions() {
			return new FailingCompletions();
		}

	}

	static class Orders {

		private final Map<String, Runs> runs = Map.of(SHARED, new Runs(), DIRECT, new Runs(), FAILING, new Runs());

		private final Map<String, ConcurrentSkipListMap<Long, String>> deliveries = Map.of(SHARED,
				new ConcurrentSkipListMap<>(), DIRECT, new ConcurrentSkipListMap<>(), FAILING,
				new ConcurrentSkipListMap<>());

		@RabbitListener(id = SHARED, queues = "#{@sharedQueue.name}", autoStartup = "false")
		@Idempotent
		void shared(@Payload String order, @Header(AmqpHeaders.DELIVERY_TAG) long tag) {
			this.runs.get(SHARED).record(order);
			this.deliveries.get(SHARED).put(tag, order);
		}

		@RabbitListener(id = DIRECT, queues = "#{@directQueue.name}", containerFactory = "directAckFactory",
				autoStartup = "false")
		@Idempotent
		void direct(@Payload String order, @Header(AmqpHeaders.DELIVERY_TAG) long tag) {
			this.runs.get(DIRECT).record(order);
			this.deliveries.get(DIRECT).put(tag, order);
		}

		@RabbitListener(id = FAILING, queues = "#{@failingQueue.name}", autoStartup = "false")
		@Idempotent
		void failing(@Payload String order, @Header(AmqpHeaders.DELIVERY_TAG) long tag) {
			this.runs.get(FAILING).record(order);
			this.deliveries.get(FAILING).put(tag, order);
		}

		Runs runs(String listener) {
			return this.runs.get(listener);
		}

		ConcurrentSkipListMap<Long, String> deliveries(String listener) {
			return this.deliveries.get(listener);
		}

	}

	/**
	 * Wraps the store so that, when armed, a completion fails before it reaches the store, and the
	 * next one reaches it but its answer is lost.
	 */
	static class FailingCompletions implements BeanPostProcessor {

		private final AtomicInteger armed = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		void failNext(int completions) {
			this.armed.set(completions);
		}

		int failed() {
			return this.failed.get();
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			return (bean instanceof IdempotencyStore store) ? new Failing(store) : bean;
		}

		private boolean fails() {
			if (this.armed.getAndUpdate((left) -> Math.max(left - 1, 0)) > 0) {
				this.failed.incrementAndGet();
				return true;
			}
			return false;
		}

		private final class Failing extends RecordByRecordStore {

			Failing(IdempotencyStore store) {
				super(store);
			}

			@Override
			public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
				if (!fails()) {
					return super.complete(scope, token, ttl, result);
				}
				if (FailingCompletions.this.armed.get() == 0) {
					super.complete(scope, token, ttl, result);
					throw new IllegalStateException("Answer of the completion of " + scope + " lost");
				}
				throw new IllegalStateException("Completion of " + scope + " failed");
			}

		}

	}

}
