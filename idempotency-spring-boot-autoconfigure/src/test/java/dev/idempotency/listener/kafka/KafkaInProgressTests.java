package dev.idempotency.listener.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.StoreOperation;
import dev.idempotency.test.Runs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy of a message that arrives on another partition while the first delivery's body is still
 * running waits in the gate, with back-off, and ends as a duplicate: it is neither lost nor run
 * twice, and it does not burn the container's retries.
 */
@SpringBootTest(classes = KafkaInProgressTests.Config.class,
		properties = { "spring.application.name=kafka-in-progress-tests", "idempotency.lease=30s" })
class KafkaInProgressTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "in-progress-transfers";

	static final String LISTENER = "in-progress-transfers";

	static final String KEY = "transfer-1";

	@Autowired
	Transfers transfers;

	@Autowired
	Arrivals arrivals;

	@Autowired
	ClaimWatcher claims;

	@Autowired
	RecordingRecoverer recoverer;

	@Test
	void copyArrivingWhileTheHolderRunsWaitsAndEndsAsDuplicate() throws Exception {
		awaitOnePartitionPerConsumer(LISTENER);

		publish(List.of(message(TOPIC, 0, null, "move 100", KEY_HEADER, KEY)));
		eventually().until(() -> this.transfers.runs().total() == 1);
		publish(List.of(message(TOPIC, 1, null, "move 100", KEY_HEADER, KEY)));

		eventually().until(() -> deliveries(LISTENER) >= 2);
		assertThat(outcomes(LISTENER)).isEqualTo(Map.of("processed", 1L, "duplicate", 1L));
		assertThat(this.transfers.runs().byKey()).isEqualTo(Map.of(KEY, 1));
		assertThat(this.transfers.copySeenWaiting()).as("the copy claimed again while the holder ran").isTrue();
		assertThat(this.arrivals.at(1)).as("arrival of the copy, before the holder finished")
			.isLessThan(this.transfers.finishedAt());
		assertThat(this.claims.count()).isGreaterThanOrEqualTo(3);
		awaitNoLag(LISTENER, TOPIC);
		assertThat(this.recoverer.records()).isEmpty();
		assertThat(this.transfers.runs().total()).isEqualTo(1);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic transfersTopic() {
			return topic(TOPIC);
		}

		@Bean
		RecordingRecoverer recoverer() {
			return new RecordingRecoverer();
		}

		@Bean
		DefaultErrorHandler errorHandler(RecordingRecoverer recoverer) {
			return new DefaultErrorHandler(recoverer, new FixedBackOff(100, 2));
		}

		@Bean
		Arrivals arrivals() {
			return new Arrivals();
		}

		@Bean
		ClaimWatcher claimWatcher() {
			return new ClaimWatcher();
		}

		@Bean
		Transfers transfers(ClaimWatcher claims) {
			return new Transfers(claims);
		}

	}

	static class Transfers {

		static final Duration DURATION = Duration.ofSeconds(3);

		private final Runs runs = new Runs();

		private final ClaimWatcher claims;

		private volatile long finishedAt;

		private volatile boolean copySeenWaiting;

		Transfers(ClaimWatcher claims) {
			this.claims = claims;
		}

		/**
		 * The holder: runs for 3 s, and in any case until the copy has claimed again while
		 * waiting (claims: the holder's, the copy's first, then one of the copy's retries),
		 * which it waits for at most 10 s.
		 */
		@KafkaListener(id = LISTENER, topics = TOPIC, concurrency = "3")
		@Idempotent
		void on(String transfer) throws InterruptedException {
			long startedAt = System.nanoTime();
			this.runs.record(KEY);
			this.copySeenWaiting = this.claims.awaitClaims(3, Duration.ofSeconds(10));
			long remaining = DURATION.toNanos() - (System.nanoTime() - startedAt);
			if (remaining > 0) {
				TimeUnit.NANOSECONDS.sleep(remaining);
			}
			this.finishedAt = System.nanoTime();
		}

		Runs runs() {
			return this.runs;
		}

		long finishedAt() {
			return this.finishedAt;
		}

		boolean copySeenWaiting() {
			return this.copySeenWaiting;
		}

	}

	/**
	 * A record interceptor of the application, kept by the gate's own: notes when the record of
	 * each partition reached the listener.
	 */
	static class Arrivals implements RecordInterceptor<Object, Object> {

		private final Map<Integer, Long> byPartition = new ConcurrentHashMap<>();

		@Override
		public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
				Consumer<Object, Object> consumer) {
			this.byPartition.putIfAbsent(record.partition(), System.nanoTime());
			return record;
		}

		long at(int partition) {
			Long arrival = this.byPartition.get(partition);
			assertThat(arrival).as("arrival on partition %d", partition).isNotNull();
			return arrival;
		}

	}

	/**
	 * Observes the gate's claim requests.
	 */
	static class ClaimWatcher implements IdempotencyListener {

		private final AtomicInteger claims = new AtomicInteger();

		private final Object monitor = new Object();

		@Override
		public void onStoreRequest(StoreOperation operation, long nanos, boolean success) {
			if (operation == StoreOperation.CLAIM) {
				synchronized (this.monitor) {
					this.claims.incrementAndGet();
					this.monitor.notifyAll();
				}
			}
		}

		int count() {
			return this.claims.get();
		}

		boolean awaitClaims(int count, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			synchronized (this.monitor) {
				long remaining;
				while (this.claims.get() < count && (remaining = deadline - System.nanoTime()) > 0) {
					TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
				}
				return this.claims.get() >= count;
			}
		}

	}

}
