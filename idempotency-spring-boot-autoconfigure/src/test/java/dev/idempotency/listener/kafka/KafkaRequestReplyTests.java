package dev.idempotency.listener.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request/reply listener ({@code @SendTo}, called through {@link ReplyingKafkaTemplate}): a
 * duplicate request gets the stored reply of the first one, without the body running.
 */
@SpringBootTest(classes = KafkaRequestReplyTests.Config.class,
		properties = "spring.application.name=kafka-request-reply-tests")
class KafkaRequestReplyTests extends KafkaIdempotencyTestSupport {

	static final String REQUESTS = "reply-requests";

	static final String REPLIES = "reply-replies";

	@Autowired
	ReplyingKafkaTemplate<String, String, String> requests;

	@Autowired
	Quotes quotes;

	@Test
	void duplicateRequestGetsTheSameReplyWithoutTheBodyRunning() throws Exception {
		String first = request("order-1", "quote order-1");
		String duplicate = request("order-1", "quote order-1");
		String other = request("order-2", "quote order-2");
		assertThat(first).isEqualTo("quote 1 for order-1");
		assertThat(duplicate).isEqualTo(first);
		assertThat(other).isEqualTo("quote 2 for order-2");
		assertThat(this.quotes.runs().byKey()).isEqualTo(Map.of("order-1", 1, "order-2", 1));
		assertThat(outcomes("quotes")).isEqualTo(Map.of("processed", 2L, "duplicate", 1L));
	}

	private String request(String key, String value) throws Exception {
		ConsumerRecord<String, String> reply = this.requests
			.sendAndReceive(message(REQUESTS, 0, null, value, KEY_HEADER, key), Duration.ofSeconds(30))
			.get(30, TimeUnit.SECONDS);
		return reply.value();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeterConfiguration.class)
	static class Config {

		@Bean
		NewTopic requestsTopic() {
			return topic(REQUESTS);
		}

		@Bean
		NewTopic repliesTopic() {
			return topic(REPLIES);
		}

		/**
		 * The template that sends the replies of {@code @SendTo}, declared as Boot declares its own
		 * (which backs off because of the replying template below), so that Boot gives it to the
		 * listener container factory; primary for the tests' own sends.
		 */
		@Bean
		@Primary
		KafkaTemplate<?, ?> kafkaTemplate(ProducerFactory<String, String> producers) {
			return new KafkaTemplate<>(producers);
		}

		@Bean
		ConcurrentMessageListenerContainer<String, String> repliesContainer(
				ConcurrentKafkaListenerContainerFactory<String, String> factory) {
			ConcurrentMessageListenerContainer<String, String> container = factory.createContainer(REPLIES);
			container.getContainerProperties().setGroupId(REPLIES);
			return container;
		}

		@Bean
		ReplyingKafkaTemplate<String, String, String> replyingTemplate(ProducerFactory<String, String> producers,
				ConcurrentMessageListenerContainer<String, String> repliesContainer) {
			return new ReplyingKafkaTemplate<>(producers, repliesContainer);
		}

		@Bean
		Quotes quotes() {
			return new Quotes();
		}

	}

	static class Quotes {

		private final Runs runs = new Runs();

		@KafkaListener(id = "quotes", topics = REQUESTS)
		@SendTo
		@Idempotent
		String quote(String request) {
			String order = request.substring("quote ".length());
			this.runs.record(order);
			return "quote " + this.runs.total() + " for " + order;
		}

		Runs runs() {
			return this.runs;
		}

	}

}
