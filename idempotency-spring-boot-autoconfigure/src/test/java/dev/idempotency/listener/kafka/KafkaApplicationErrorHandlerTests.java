package dev.idempotency.listener.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that builds its own listener container factory, as the Spring Kafka reference
 * shows, with a {@code DefaultErrorHandler} set on it directly (no error handler bean): a
 * recoverer (a dead-letter publisher in real life) and {@code FixedBackOff(50, 2)}. The starter
 * keeps that handler: a keyless message and a message whose body always throws reach the
 * application's recoverer with their original values, while a copy that meets a live claim is
 * retried by the gate, not by the application's handler, and never reaches the recoverer while
 * the holder works.
 */
@SpringBootTest(classes = KafkaApplicationErrorHandlerTests.Config.class,
		properties = { "spring.application.name=kafka-application-error-handler-tests", "idempotency.lease=1s" })
class KafkaApplicationErrorHandlerTests extends KafkaIdempotencyTestSupport {

	static final String TOPIC = "application-handler-orders";

	static final String LISTENER = "application-handler-orders";

	@Autowired
	Orders orders;

	@Autowired
	RecordingRecoverer recoverer;

	@Test
	void keylessAndFailingMessagesReachTheApplicationsRecovererAndACopyMeetingALiveClaimDoesNot()
			throws Exception {
		awaitOnePartitionPerConsumer(LISTENER);
		publish(List.of(message(TOPIC, 0, null, "slow order", KEY_HEADER, "order-slow")));
		eventually().until(() -> this.orders.runs().total() == 1);
		publish(List.of(message(TOPIC, 1, null, "slow order", KEY_HEADER, "order-slow"),
				message(TOPIC, 1, null, "order without a key"),
				message(TOPIC, 1, null, "poison order", KEY_HEADER, "order-poison")));

		eventually().untilAsserted(() -> assertThat(this.recoverer.records()).map((record) -> (Object) record.value())
			.containsExactlyInAnyOrder("order without a key", "poison order"));
		eventually().until(() -> outcomes(LISTENER, "duplicate") == 1);
		awaitNoLag(LISTENER, TOPIC);
		assertThat(this.recoverer.records()).map((record) -> (Object) record.value())
			.containsExactlyInAnyOrder("order without a key", "poison order");
		assertThat(this.recoverer.exceptions()).anySatisfy((ex) -> assertThat(ex)
			.hasRootCauseInstanceOf(IdempotencyKeyException.class));
		assertThat(this.orders.runs().byKey()).isEqualTo(Map.of("order-slow", 1, "order-poison", 3));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic applicationHandlerTopic() {
			return topic(TOPIC);
		}

		@Bean
		RecordingRecoverer recoverer() {
			return new RecordingRecoverer();
		}

		@Bean
		ConcurrentKafkaListenerContainerFactory<String, String> kafkaListenerContainerFactory(
				ConsumerFactory<String, String> consumerFactory, RecordingRecoverer recoverer) {
			ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
			factory.setConsumerFactory(consumerFactory);
			factory.setCommonErrorHandler(new DefaultErrorHandler(recoverer, new FixedBackOff(50, 2)));
			return factory;
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		private final Runs runs = new Runs();

		/**
		 * The slow order runs for 4 s, four leases, kept alive by the heartbeat; the poison order
		 * always fails.
		 */
		@KafkaListener(id = LISTENER, topics = TOPIC, concurrency = "3")
		@Idempotent
		void on(String order) throws InterruptedException {
			if (order.startsWith("slow")) {
				this.runs.record("order-slow");
				TimeUnit.SECONDS.sleep(4);
			}
			else if (order.startsWith("poison")) {
				this.runs.record("order-poison");
				throw new IllegalStateException("Poison order");
			}
		}

		Runs runs() {
			return this.runs;
		}

	}

}
