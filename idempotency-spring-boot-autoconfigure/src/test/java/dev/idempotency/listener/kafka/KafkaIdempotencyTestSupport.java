package dev.idempotency.listener.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.test.GateOutcomes;
import dev.idempotency.test.SharedKafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the Kafka integration tests: a real embedded KRaft broker shared by all of them
 * ({@link SharedKafkaBroker}), String keys and values, the memory store, and helpers to publish,
 * read the gate's counters and check consumer lag. Each test class runs its own application
 * context (closed after the class, so that its listener containers stop) with its own topics and
 * consumer groups.
 */
@ExtendWith(SharedKafkaBroker.class)
@TestPropertySource(properties = { "idempotency.store=memory", "spring.kafka.consumer.auto-offset-reset=earliest",
		"spring.main.banner-mode=off", "logging.level.org.apache.kafka=warn", "logging.level.kafka=warn",
		"logging.level.state.change.logger=warn", "logging.level.org.springframework.kafka=warn" })
@DirtiesContext
abstract class KafkaIdempotencyTestSupport {

	static final int PARTITIONS = 3;

	static final String KEY_HEADER = "idempotency-key";

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@DynamicPropertySource
	static void kafkaProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
	}

	static NewTopic topic(String name) {
		return TopicBuilder.name(name).partitions(PARTITIONS).replicas(1).build();
	}

	/**
	 * A record for one partition with optional headers, given as name and value pairs.
	 * @param topic the topic
	 * @param partition the partition
	 * @param key the record key, or {@code null}
	 * @param value the value
	 * @param headers header names and values, alternating
	 * @return the record
	 */
	static ProducerRecord<String, String> message(String topic, int partition, @Nullable String key, String value,
			String... headers) {
		ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition, key, value);
		for (int i = 0; i < headers.length; i += 2) {
			record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

	static List<String> keys(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + i).toList();
	}

	static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
	}

	/**
	 * Send every record and wait until the broker has acknowledged them all.
	 * @param records the records, sent in this order
	 */
	void publish(List<ProducerRecord<String, String>> records) throws Exception {
		CompletableFuture<?>[] sent = records.stream()
			.map((record) -> this.kafka.send(record))
			.toArray(CompletableFuture[]::new);
		CompletableFuture.allOf(sent).get(30, TimeUnit.SECONDS);
	}

	/**
	 * Return how many deliveries of a consumer ended with an outcome, per the
	 * {@code idempotency.messages} counter.
	 * @param consumer the consumer name
	 * @param outcome the outcome tag, such as {@code "duplicate"}
	 * @return the count
	 */
	long outcomes(String consumer, String outcome) {
		return GateOutcomes.of(this.meters, consumer, outcome);
	}

	/**
	 * Return the outcomes of a consumer's deliveries that the gate counted, by outcome tag; an
	 * outcome that never happened is absent.
	 * @param consumer the consumer name
	 * @return the counts by outcome
	 */
	Map<String, Long> outcomes(String consumer) {
		return GateOutcomes.of(this.meters, consumer);
	}

	long deliveries(String consumer) {
		return GateOutcomes.total(this.meters, consumer);
	}

	/**
	 * Wait until each of the 3 consumers of a concurrent listener container owns exactly one
	 * partition of its topic: the group is stable (no rebalance while the test publishes), and
	 * copies on different partitions are processed by different threads at the same time.
	 * @param listenerId the listener id
	 */
	void awaitOnePartitionPerConsumer(String listenerId) {
		ConcurrentMessageListenerContainer<?, ?> container = (ConcurrentMessageListenerContainer<?, ?>) this.listeners
			.getListenerContainer(listenerId);
		assertThat(container).isNotNull();
		eventually().untilAsserted(() -> {
			Map<String, Collection<TopicPartition>> assignments = container.getAssignmentsByClientId();
			assertThat(assignments).hasSize(PARTITIONS);
			assertThat(assignments.values()).allSatisfy((partitions) -> assertThat(partitions).hasSize(1));
		});
	}

	/**
	 * Wait until the committed offsets of a consumer group equal the end offsets on every
	 * partition of its topic (lag 0). A partition that never received a record has end offset 0
	 * and counts as committed at 0.
	 * @param group the consumer group
	 * @param topic the topic
	 */
	void awaitNoLag(String group, String topic) throws Exception {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetSpec> latest = partitions(topic).stream()
				.collect(Collectors.toMap(Function.identity(), (partition) -> OffsetSpec.latest()));
			Map<TopicPartition, Long> end = admin.listOffsets(latest)
				.all()
				.get(30, TimeUnit.SECONDS)
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
			awaitCommitted(admin, group, end);
		}
	}

	/**
	 * Wait until a consumer group has committed the given offset on every partition of its topic.
	 * @param group the consumer group
	 * @param topic the topic
	 * @param offset the offset expected on each partition
	 */
	void awaitCommitted(String group, String topic, long offset) throws Exception {
		try (Admin admin = admin()) {
			awaitCommitted(admin, group,
					partitions(topic).stream().collect(Collectors.toMap(Function.identity(), (partition) -> offset)));
		}
	}

	/**
	 * Return the offset a consumer group has committed on the first partition of the topic named
	 * as the group, 0 if none.
	 * @param group the consumer group, also the name of its single-partition topic
	 * @return the committed offset
	 */
	static long committed(String group) throws Exception {
		try (Admin admin = admin()) {
			OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS)
				.get(new TopicPartition(group, 0));
			return (offset != null) ? offset.offset() : 0;
		}
	}

	private static void awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> expected) {
		eventually().untilAsserted(() -> {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			Map<TopicPartition, Long> committedOffsets = expected.keySet()
				.stream()
				.collect(Collectors.toMap(Function.identity(), (partition) -> {
					OffsetAndMetadata offset = committed.get(partition);
					return (offset != null) ? offset.offset() : 0L;
				}));
			assertThat(committedOffsets).as("committed offsets of group %s", group).isEqualTo(expected);
		});
	}

	private static List<TopicPartition> partitions(String topic) {
		return IntStream.range(0, PARTITIONS).mapToObj((partition) -> new TopicPartition(topic, partition)).toList();
	}

	private static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()));
	}

	/**
	 * Beans every test context needs: a meter registry, so that the gate publishes its counters.
	 */
	@Configuration(proxyBeanMethods = false)
	static class MeterConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	/**
	 * An error handler that retries a failing record three times, 50 ms apart, then hands it to a
	 * {@link RecordingRecoverer} the test asserts on; as the README recommends, the gate's refusals
	 * that can never pass go to the recoverer at once.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RecovererConfiguration {

		@Bean
		RecordingRecoverer recoverer() {
			return new RecordingRecoverer();
		}

		@Bean
		DefaultErrorHandler errorHandler(RecordingRecoverer recoverer) {
			DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(50, 3));
			handler.addNotRetryableExceptions(IdempotencyKeyException.class, IdempotencyConflictException.class);
			return handler;
		}

	}

}
