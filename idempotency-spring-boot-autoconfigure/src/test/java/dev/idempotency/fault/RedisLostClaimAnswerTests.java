package dev.idempotency.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.idempotency.Idempotent;
import dev.idempotency.test.FaultProxy;
import dev.idempotency.test.RedisServerProcess;
import dev.idempotency.test.Runs;
import dev.idempotency.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
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
 * A claim that Redis applied but whose answer the application never received: the test's own
 * {@code redis-server} (client timeout 500 ms, lease 30 s) is reached through an
 * {@link FaultProxy} that forwards the claim of one message and holds back every answer
 * from then on; once the claim is in Redis, the server is frozen ({@code SIGSTOP}) for 2.5 s,
 * then thawed and the answers released. The container redelivers the refused record (store
 * error) and the redelivery must recognise the claim as its own: the message runs within a few
 * seconds of Redis waking, well before the 30 s lease of the orphaned claim lapses, and exactly
 * once.
 */
@ExtendWith(SharedKafkaBroker.class)
@SpringBootTest(classes = RedisLostClaimAnswerTests.Config.class,
		properties = { "spring.application.name=redis-lost-claim-answer-tests", "idempotency.store=redis",
				"idempotency.group-id=lost-claim-answer", "spring.data.redis.timeout=500ms", "idempotency.lease=30s",
				"spring.kafka.consumer.auto-offset-reset=earliest", "spring.main.banner-mode=off",
				"logging.level.org.apache.kafka=warn", "logging.level.org.springframework.kafka=warn" })
@DirtiesContext
class RedisLostClaimAnswerTests {

	static final String TOPIC = "redis-lost-claim-answer";

	static final String LOST = "lost-answer-order";

	private static final RedisServerProcess redis = RedisServerProcess.start();

	private static final FaultProxy proxy = proxyTo(redis.port());

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	Orders orders;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", proxy::port);
	}

	private static FaultProxy proxyTo(int port) {
		try {
			return FaultProxy.to("127.0.0.1", port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@AfterAll
	static void stopRedis() {
		proxy.close();
		redis.close();
	}

	@Test
	void messageWhoseClaimAnswerWasLostRunsSoonAfterRedisWakesAndOnce() throws Exception {
		// warm up: the connection is open and the claim script is cached (EVALSHA)
		send("warm-up-order");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.orders.runs().total() == 1);

		proxy.holdAnswersFrom(LOST);
		send(LOST);
		assertThat(proxy.awaitHeld(Duration.ofSeconds(30))).as("claim of %s sent", LOST).isTrue();
		String recordKey = "idempotency:lost-claim-answer:" + TOPIC + ":" + LOST;
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> "1".equals(redis.cli("EXISTS", recordKey)));
		redis.freeze();
		Thread.sleep(2500);
		redis.thaw();
		proxy.restore();
		Instant woke = Instant.now();

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(this.orders.runs().byKey()).as("runs %s after Redis woke",
					Duration.between(woke, Instant.now()))
				.containsEntry(LOST, 1));
		awaitCommitted(2);
		Thread.sleep(1000);
		assertThat(this.orders.runs().byKey()).isEqualTo(Map.of("warm-up-order", 1, LOST, 1));
	}

	private void send(String key) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, 0, null, key);
		record.headers().add("idempotency-key", key.getBytes(UTF_8));
		this.kafka.send(record).get(30, TimeUnit.SECONDS);
	}

	private static void awaitCommitted(long offset) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()))) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(TOPIC)
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS);
				OffsetAndMetadata partition0 = committed.get(new TopicPartition(TOPIC, 0));
				assertThat((partition0 != null) ? partition0.offset() : 0L).isEqualTo(offset);
			});
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		NewTopic lostClaimAnswerTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		private final Runs runs = new Runs();

		@KafkaListener(id = TOPIC, topics = TOPIC)
		@Idempotent
		void on(String order) {
			this.runs.record(order);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
