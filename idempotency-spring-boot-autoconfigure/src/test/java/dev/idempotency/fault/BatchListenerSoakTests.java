package dev.idempotency.fault;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.idempotency.Idempotent;
import dev.idempotency.autoconfigure.PropertiesConsumerPolicies;
import dev.idempotency.store.redis.RedisTestServer;
import dev.idempotency.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A soak: 100,000 messages (80,000 distinct, a fifth of them sent twice) through a batch listener
 * on the Redis store. Each distinct message takes effect once, Redis holds exactly one record per
 * distinct message, the heap after a full collection stays bounded, and the gate logs no warning.
 * Run by {@code ./mvnw -Psoak verify}, not by the default build; it prints its figures.
 */
@ExtendWith(SharedKafkaBroker.class)
@SpringBootTest(classes = BatchListenerSoakTests.Config.class,
		properties = { "spring.application.name=soak", "idempotency.store=redis", "idempotency.group-id=soak-${random.uuid}",
				"idempotency.ttl=30m", "spring.kafka.listener.type=batch", "spring.kafka.consumer.max-poll-records=500",
				"spring.kafka.listener.concurrency=3", "spring.kafka.consumer.auto-offset-reset=earliest",
				"spring.main.banner-mode=off", "logging.level.org.apache.kafka=warn" })
@DirtiesContext
class BatchListenerSoakTests {

	static final String TOPIC = "soak-payments";

	static final int DISTINCT = 80_000;

	static final int COPIED = DISTINCT / 4;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	Effects effects;

	@Autowired
	StringRedisTemplate redis;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
		registry.add("spring.data.redis.host", () -> RedisTestServer.uri().getHost());
		registry.add("spring.data.redis.port", () -> RedisTestServer.uri().getPort());
	}

	@Test
	void hundredThousandMessagesThroughABatchListener() throws Exception {
		ListAppender<ILoggingEvent> warnings = new ListAppender<>();
		warnings.start();
		Logger gateLogger = (Logger) LoggerFactory.getLogger("dev.idempotency");
		gateLogger.addAppender(warnings);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heapBefore = usedHeapAfterGc(memory);
		long started = System.nanoTime();
		List<Long> heapDuring = new ArrayList<>();
		for (int quarter = 0; quarter < 4; quarter++) {
			List<CompletableFuture<?>> sent = new ArrayList<>();
			for (int i = quarter * DISTINCT / 4; i < (quarter + 1) * DISTINCT / 4; i++) {
				sent.add(send(i));
				if (i % 4 == 0) {
					sent.add(send(i));
				}
			}
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
			int expected = (quarter + 1) * DISTINCT / 4;
			await().atMost(Duration.ofMinutes(5)).until(() -> this.effects.distinct() == expected);
			heapDuring.add(usedHeapAfterGc(memory));
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		gateLogger.detachAppender(warnings);

		Set<String> keys = this.redis.keys("idempotency:" + this.effects.group() + ":soak:*");
		System.out.printf("Soak: %d messages (%d distinct) in %.1f s, %.0f messages/s; heap after GC: before %d MB, "
				+ "after each quarter %s MB; Redis records %d%n", DISTINCT + COPIED, DISTINCT, seconds,
				(DISTINCT + COPIED) / seconds, heapBefore >> 20, heapDuring.stream().map((bytes) -> bytes >> 20).toList(),
				keys.size());
		assertThat(this.effects.distinct()).isEqualTo(DISTINCT);
		assertThat(this.effects.total()).isEqualTo(DISTINCT);
		assertThat(keys).hasSize(DISTINCT);
		assertThat(heapDuring.get(3) - heapBefore).as("heap growth after GC").isLessThan(256L << 20);
		assertThat(warnings.list).filteredOn((event) -> event.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
	}

	private CompletableFuture<?> send(int i) {
		ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, i % 3, null, "payment-" + i);
		record.headers().add("idempotency-key", ("payment-" + i).getBytes(UTF_8));
		return this.kafka.send(record);
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) {
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		NewTopic soakTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

		@Bean
		Effects effects(PropertiesConsumerPolicies policies) {
			return new Effects(policies.group());
		}

	}

	static class Effects {

		private final String group;

		private final ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();

		Effects(String group) {
			this.group = group;
		}

		@KafkaListener(id = "soak", topics = TOPIC)
		@Idempotent
		void on(List<ConsumerRecord<String, String>> payments) {
			payments.forEach((payment) -> this.runs.computeIfAbsent(payment.value(), (key) -> new AtomicInteger())
				.incrementAndGet());
		}

		int distinct() {
			return this.runs.size();
		}

		int total() {
			return this.runs.values().stream().mapToInt(AtomicInteger::get).sum();
		}

		String group() {
			return this.group;
		}

	}

}
