package dev.idempotency.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.idempotency.Idempotent;
import dev.idempotency.test.FaultProxy;
import dev.idempotency.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store fault in the middle of a Kafka run of 10,000 messages, each sent three times, with the
 * default fail-closed policy and no error handler of the application's own: the store is cut, or
 * answers 200 ms late, for 5 seconds. Every message takes effect exactly once, none is lost, and
 * the consumer group ends with no lag. Polls of 50 records keep the run going through the fault:
 * with claims ahead and completions per poll, polls of 500 would finish it during the fault. Subclasses put the store behind {@link #proxy()}.
 */
@ExtendWith(SharedKafkaBroker.class)
@TestPropertySource(properties = { "spring.kafka.consumer.auto-offset-reset=earliest", "spring.main.banner-mode=off",
		"spring.kafka.listener.concurrency=3", "spring.kafka.consumer.max-poll-records=50",
		"logging.level.org.apache.kafka=warn",
		"logging.level.org.springframework.kafka=error" })
@DirtiesContext
abstract class AbstractStoreOutageTests {

	static final int KEYS = 10_000;

	static final int COPIES = 3;

	static final Duration FAULT = Duration.ofSeconds(5);

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	Effects effects;

	/**
	 * Return the proxy between the application and its store.
	 * @return the proxy
	 */
	abstract FaultProxy proxy();

	@Value("${outage.topic-prefix}")
	String topicPrefix;

	@Test
	void storeCutForFiveSecondsMidRun() throws Exception {
		runThrough(this.topicPrefix + "-cut", FaultProxy::cut);
	}

	@Test
	void storeAnswering200msLateForFiveSecondsMidRun() throws Exception {
		runThrough(this.topicPrefix + "-latency", (proxy) -> proxy.delay(Duration.ofMillis(200)));
	}

	private void runThrough(String topic, Consumer<FaultProxy> fault) throws Exception {
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				ProducerRecord<String, String> record = new ProducerRecord<>(topic, (i + copy) % 3, null, "m-" + i);
				record.headers().add("idempotency-key", ("m-" + i).getBytes(UTF_8));
				sent.add(this.kafka.send(record));
			}
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		slowly().until(() -> this.effects.count(topic) >= KEYS / 5);
		fault.accept(proxy());
		Thread.sleep(FAULT.toMillis());
		int duringFault = this.effects.count(topic);
		proxy().restore();
		assertThat(duringFault).as("still messages to process after the fault").isLessThan(KEYS);
		slowly().until(() -> this.effects.count(topic) == KEYS);
		awaitNoLag(topic);
		assertThat(this.effects.runs(topic).values()).hasSize(KEYS).allMatch((runs) -> runs.get() == 1);
	}

	private static ConditionFactory slowly() {
		return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100));
	}

	private static void awaitNoLag(String topic) throws Exception {
		List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj((p) -> new TopicPartition(topic, p)).toList();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()))) {
			Map<TopicPartition, Long> end = admin
				.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), (p) -> OffsetSpec.latest())))
				.all()
				.get(30, TimeUnit.SECONDS)
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
			slowly().untilAsserted(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(topic)
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS);
				assertThat(partitions.stream()
					.collect(Collectors.toMap(Function.identity(),
							(p) -> (committed.get(p) != null) ? committed.get(p).offset() : 0L))).isEqualTo(end);
			});
		}
	}

	/**
	 * The topics and listeners every subclass context has.
	 */
	static class Listeners {

		@Bean
		NewTopic cutTopic(@Value("${outage.topic-prefix}") String prefix) {
			return TopicBuilder.name(prefix + "-cut").partitions(3).replicas(1).build();
		}

		@Bean
		NewTopic latencyTopic(@Value("${outage.topic-prefix}") String prefix) {
			return TopicBuilder.name(prefix + "-latency").partitions(3).replicas(1).build();
		}

		@Bean
		Effects effects() {
			return new Effects();
		}

	}

	/**
	 * The side effect of each message: counted per topic and key.
	 */
	static class Effects {

		private final Map<String, Map<String, AtomicInteger>> runs = new ConcurrentHashMap<>();

		@KafkaListener(id = "${outage.topic-prefix}-cut", topics = "${outage.topic-prefix}-cut")
		@Idempotent
		void onCut(String message, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic) {
			record(topic, message);
		}

		@KafkaListener(id = "${outage.topic-prefix}-latency", topics = "${outage.topic-prefix}-latency")
		@Idempotent
		void onLatency(String message, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic) {
			record(topic, message);
		}

		private void record(String topic, String message) {
			runs(topic).computeIfAbsent(message, (key) -> new AtomicInteger()).incrementAndGet();
		}

		Map<String, AtomicInteger> runs(String topic) {
			return this.runs.computeIfAbsent(topic, (key) -> new ConcurrentHashMap<>());
		}

		int count(String topic) {
			return runs(topic).size();
		}

	}

}
