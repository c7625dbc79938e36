package dev.idempotency.listener.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.core.StoreOperation;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.Runs;
import dev.idempotency.test.StoreRequestCounts;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claims taken ahead, on the Redis store: the records of a poll are claimed in one request before
 * the first runs; those a failure or a stopping container leaves unrun are released when the poll
 * ends, so that their next delivery, here or elsewhere, runs them at once rather than after the
 * lease (one minute here), and each takes effect once; a partition taken from a consumer in the
 * middle of its poll is served by its new owner as soon as the old one has ended the poll.
 */
@SpringBootTest(classes = KafkaClaimAheadTests.Config.class,
		properties = { "spring.application.name=kafka-claim-ahead-tests", "spring.kafka.consumer.max-poll-records=500",
				"spring.kafka.listener.immediate-stop=true", "idempotency.lease=1m" })
class KafkaClaimAheadTests extends KafkaIdempotencyTestSupport {

	static final String FAILING = "claim-ahead-failing";

	static final String STOPPED = "claim-ahead-stopped";

	static final String REBALANCED = "claim-ahead-rebalanced";

	@Autowired
	Orders orders;

	@Autowired
	StoreRequestCounts requests;

	@Autowired
	IdempotencyStore store;

	/** Records of earlier runs stay in the shared Redis: each run has a group of its own. */
	private static final String GROUP = "kafka-claim-ahead-tests-" + UUID.randomUUID();

	@DynamicPropertySource
	static void redisStore(DynamicPropertyRegistry registry) {
		registry.add("idempotency.store", () -> "redis");
		registry.add("idempotency.group-id", () -> GROUP);
	}

	@Test
	void recordsAfterOneThatFailsRunOnceWithoutWaitingForTheirLease() throws Exception {
		List<String> keys = keys("failing-", 500);
		publish(keys.stream().map((key) -> new ProducerRecord<String, String>(FAILING, 0, null, key)).toList());
		this.requests.reset();
		this.listeners.getListenerContainer(FAILING).start();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.orders.done(FAILING).total() == 500);
		assertThat(this.orders.done(FAILING).byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(this.orders.attemptsOfTheFailingRecord()).isEqualTo(2);
		assertThat(this.requests.of(StoreOperation.CLAIM)).as("claim requests").isLessThanOrEqualTo(10);
		await().atMost(Duration.ofSeconds(30)).until(() -> committed(FAILING) == 500);
		assertThat(keys).allSatisfy((key) -> assertThat(status(FAILING, key)).isEqualTo(RecordStatus.COMPLETED));
	}

	@Test
	void containerStoppedInThePollReleasesTheClaimsOfTheRecordsItDidNotRun() throws Exception {
		List<String> keys = keys("stopped-", 100);
		publish(keys.stream().map((key) -> new ProducerRecord<String, String>(STOPPED, 0, null, key)).toList());
		MessageListenerContainer container = this.listeners.getListenerContainer(STOPPED);
		container.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.orders.done(STOPPED).total() >= 10);
		container.stop();
		await().atMost(Duration.ofSeconds(20)).until(() -> !container.isRunning());
		Map<String, Integer> ran = this.orders.done(STOPPED).byKey();
		assertThat(ran).hasSizeLessThan(100);
		assertThat(keys).allSatisfy((key) -> assertThat(this.store.find(scope(STOPPED, key)).map(IdempotencyRecord::status))
			.isEqualTo(ran.containsKey(key) ? Optional.of(RecordStatus.COMPLETED) : Optional.empty()));
		container.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.orders.done(STOPPED).total() == 100);
		assertThat(this.orders.done(STOPPED).byKey()).isEqualTo(Runs.each(keys, 1));
	}

	@Test
	void partitionRevokedInTheMiddleOfAPollIsServedByItsNewOwnerWithoutWaitingForTheLease() throws Exception {
		List<String> keys = keys("rebalanced-", 400);
		publish(keys.stream().map((key) -> new ProducerRecord<String, String>(REBALANCED, 0, null, key)).toList());
		MessageListenerContainer first = this.listeners.getListenerContainer(REBALANCED + "-a");
		MessageListenerContainer second = this.listeners.getListenerContainer(REBALANCED + "-b");
		first.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.orders.done(REBALANCED).total() >= 10);
		second.start();
		// the first runs its poll of 400 for 10 s: past its max.poll.interval.ms of 3 s, it loses
		// the partition to the second while most of its claims ahead are still to run
		await().atMost(Duration.ofSeconds(20)).until(() -> !second.getAssignedPartitions().isEmpty());
		assertThat(this.orders.done(REBALANCED).total()).isLessThan(400);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.orders.done(REBALANCED).total() == 400);
		await().atMost(Duration.ofSeconds(30)).until(() -> committed(REBALANCED) == 400);
		assertThat(this.orders.done(REBALANCED).byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(keys).allSatisfy((key) -> assertThat(status(REBALANCED, key)).isEqualTo(RecordStatus.COMPLETED));
	}

	private RecordStatus status(String consumer, String key) {
		return this.store.find(scope(consumer, key)).orElseThrow().status();
	}

	private static RecordScope scope(String consumer, String key) {
		return new RecordScope(GROUP, consumer, key);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic failingTopic() {
			return TopicBuilder.name(FAILING).partitions(1).replicas(1).build();
		}

		@Bean
		NewTopic stoppedTopic() {
			return TopicBuilder.name(STOPPED).partitions(1).replicas(1).build();
		}

		@Bean
		NewTopic rebalancedTopic() {
			return TopicBuilder.name(REBALANCED).partitions(1).replicas(1).build();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		StoreRequestCounts storeRequests() {
			return new StoreRequestCounts();
		}

	}

	static class Orders {

		private final AtomicInteger attempts = new AtomicInteger();

		private final Map<String, Runs> done = Map.of(FAILING, new Runs(), STOPPED, new Runs(), REBALANCED,
				new Runs());

		@KafkaListener(id = FAILING, topics = FAILING, autoStartup = "false")
		@Idempotent(key = "#payload")
		void failing(String order) {
			if (order.equals("failing-250") && this.attempts.getAndIncrement() == 0) {
				throw new IllegalStateException("payment service unavailable");
			}
			this.done.get(FAILING).record(order);
		}

		@KafkaListener(id = STOPPED, topics = STOPPED, autoStartup = "false")
		@Idempotent(key = "#payload")
		void stopped(String order) throws InterruptedException {
			Thread.sleep(50);
			this.done.get(STOPPED).record(order);
		}

		@KafkaListener(id = REBALANCED + "-a", groupId = REBALANCED, topics = REBALANCED, autoStartup = "false",
				properties = "max.poll.interval.ms=3000")
		@Idempotent(key = "#payload", consumer = REBALANCED)
		void rebalancedFirst(String order) throws InterruptedException {
			Thread.sleep(25);
			this.done.get(REBALANCED).record(order);
		}

		@KafkaListener(id = REBALANCED + "-b", groupId = REBALANCED, topics = REBALANCED, autoStartup = "false",
				properties = "max.poll.interval.ms=3000")
		@Idempotent(key = "#payload", consumer = REBALANCED)
		void rebalancedSecond(String order) {
			this.done.get(REBALANCED).record(order);
		}

		Runs done(String listener) {
			return this.done.get(listener);
		}

		int attemptsOfTheFailingRecord() {
			return this.attempts.get();
		}

	}

}
