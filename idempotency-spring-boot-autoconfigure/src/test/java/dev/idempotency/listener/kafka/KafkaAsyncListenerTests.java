package dev.idempotency.listener.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.idempotency.Idempotent;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.Runs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async {@code @Idempotent} listeners: a {@code CompletableFuture<String>} and a
 * {@code Mono<String>} that fail, on another thread a little after the method returned, on the
 * first attempt for each key, and succeed on the next. Spring Kafka hands the failed record to
 * the error handler, which delivers it again. The gate must complete a record only when the
 * future succeeds (and release it when it fails), so that each key's effect happens exactly once,
 * the stored result is the future's value as JSON, and the consumer group ends with no lag.
 *
 * <p>One consumer per container: Spring Kafka binds the async-failure callback of a listener
 * shared by several child containers to the last one started, which cannot seek the partitions
 * of the others ("No current assignment for partition").
 */
@SpringBootTest(classes = KafkaAsyncListenerTests.Config.class,
		properties = { "spring.application.name=kafka-async-listener-tests",
				"idempotency.group-id=kafka-async-listener-tests" })
class KafkaAsyncListenerTests extends KafkaIdempotencyTestSupport {

	static final String GROUP = "kafka-async-listener-tests";

	static final String FUTURES = "async-future-payments";

	static final String MONOS = "async-mono-payments";

	static final int KEYS = 12;

	static final int COPIES = 2;

	@Autowired
	Payments payments;

	@Autowired
	IdempotencyStore store;

	@Autowired
	RecordingRecoverer recoverer;

	@Test
	void completableFutureEffectHappensOnceAndItsValueIsStored() throws Exception {
		runThrough(FUTURES, this.payments.futureAttempts(), this.payments.futureEffects());
	}

	@Test
	void monoEffectHappensOnceAndItsValueIsStored() throws Exception {
		runThrough(MONOS, this.payments.monoAttempts(), this.payments.monoEffects());
	}

	private void runThrough(String topic, Runs attempts, Runs effects) throws Exception {
		List<String> keys = keys(topic + "-", KEYS);
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < KEYS; i++) {
				records.add(message(topic, (i + copy) % PARTITIONS, null, keys.get(i), KEY_HEADER, keys.get(i)));
			}
		}
		publish(records);

		eventually().untilAsserted(() -> assertThat(effects.byKey()).as("completed effects of %s", topic)
			.isEqualTo(Runs.each(keys, 1)));
		for (String key : keys) {
			Optional<IdempotencyRecord> record = this.store.find(new RecordScope(GROUP, topic, key));
			assertThat(record).as("record of %s", key).isPresent();
			assertThat(record.get().status()).isEqualTo(RecordStatus.COMPLETED);
			assertThat(record.get().result()).as("stored result of %s", key).isEqualTo("\"done " + key + "\"");
		}
		// Nothing was given up on, and no key took effect again later. The group's lag is not
		// asserted: Spring Kafka acknowledges a failed future and, after the error handler's seek,
		// its retry, so the committed offset of a partition can fall back behind records completed
		// in between; a restart delivers those again, and the gate skips them as duplicates.
		Thread.sleep(500);
		assertThat(effects.byKey()).isEqualTo(Runs.each(keys, 1));
		// each key's first attempt failed, so each key was delivered at least twice
		assertThat(attempts.byKey().values()).hasSize(KEYS).allMatch((n) -> n >= 2);
		assertThat(this.recoverer.records()).isEmpty();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ MeterConfiguration.class, RecovererConfiguration.class })
	static class Config {

		@Bean
		NewTopic futuresTopic() {
			return topic(FUTURES);
		}

		@Bean
		NewTopic monosTopic() {
			return topic(MONOS);
		}

		@Bean
		Payments payments() {
			return new Payments();
		}

	}

	static class Payments {

		private static final Executor later = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);

		private final Runs futureAttempts = new Runs();

		private final Runs futureEffects = new Runs();

		private final Runs monoAttempts = new Runs();

		private final Runs monoEffects = new Runs();

		@KafkaListener(id = FUTURES, topics = FUTURES, concurrency = "1")
		@Idempotent
		CompletableFuture<String> onFuture(String key) {
			int attempt = this.futureAttempts.record(key);
			return CompletableFuture.supplyAsync(() -> {
				if (attempt == 1) {
					throw new IllegalStateException("First attempt of " + key + " fails asynchronously");
				}
				this.futureEffects.record(key);
				return "done " + key;
			}, later);
		}

		@KafkaListener(id = MONOS, topics = MONOS, concurrency = "1")
		@Idempotent
		Mono<String> onMono(String key) {
			int attempt = this.monoAttempts.record(key);
			return Mono.delay(Duration.ofMillis(100)).map((tick) -> {
				if (attempt == 1) {
					throw new IllegalStateException("First attempt of " + key + " fails asynchronously");
				}
				this.monoEffects.record(key);
				return "done " + key;
			});
		}

		Runs futureAttempts() {
			return this.futureAttempts;
		}

		Runs futureEffects() {
			return this.futureEffects;
		}

		Runs monoAttempts() {
			return this.monoAttempts;
		}

		Runs monoEffects() {
			return this.monoEffects;
		}

	}

}
