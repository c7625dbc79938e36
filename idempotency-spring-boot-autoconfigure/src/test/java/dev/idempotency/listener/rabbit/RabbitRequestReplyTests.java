package dev.idempotency.listener.rabbit;

import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that replies ({@code convertSendAndReceive}, reply-to): a duplicate request gets the
 * stored reply of the first one without the body running. A reply larger than
 * {@code idempotency.max-result-size} still reaches the first caller, is not stored, and a WARN
 * says so.
 */
@SpringBootTest(classes = RabbitRequestReplyTests.Config.class,
		properties = { "idempotency.max-result-size=1KB", "spring.rabbitmq.template.reply-timeout=10s" })
@ExtendWith(OutputCaptureExtension.class)
class RabbitRequestReplyTests extends RabbitIdempotencyTestSupport {

	static final String QUOTES = uniqueName("quotes");

	@Autowired
	Quotes quotes;

	@Test
	void duplicateRequestGetsTheSameReplyWithoutTheBodyRunning() {
		Object first = request("order-1", "quote order-1");
		Object duplicate = request("order-1", "quote order-1");
		Object other = request("order-2", "quote order-2");

		assertThat(first).isEqualTo("quote for order-1 #1");
		assertThat(duplicate).isEqualTo(first);
		assertThat(other).isEqualTo("quote for order-2 #1");
		assertThat(this.quotes.runs().byKey()).containsEntry("order-1", 1).containsEntry("order-2", 1);
		assertThat(outcomes("quotes")).containsEntry("duplicate", 1L);
	}

	@Test
	void replyLargerThanTheLimitReachesTheFirstCallerAndIsNotStored(CapturedOutput output) {
		String items = "x".repeat(2000);
		Object reply = request("bulk-1", "quote bulk-1 " + items);

		assertThat(reply).isEqualTo("quote for bulk-1 " + items + " #1");
		assertThat(output).contains("The result of message bulk-1 for quotes is 2022 bytes, over "
				+ "idempotency.max-result-size of 1024 bytes; it is returned but not stored, so duplicates of the "
				+ "message get no result.");
	}

	private Object request(String key, String body) {
		return this.rabbit.convertSendAndReceive("", QUOTES, body, (message) -> {
			message.getMessageProperties().setHeader(KEY_HEADER, key);
			return message;
		});
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue quotesQueue() {
			return new Queue(QUOTES);
		}

		@Bean
		Quotes quotes() {
			return new Quotes();
		}

	}

	static class Quotes {

		private final Runs runs = new Runs();

		@RabbitListener(id = "quotes", queues = "#{@quotesQueue.name}")
		@Idempotent
		String quote(String request) {
			String order = request.substring("quote ".length());
			return "quote for " + order + " #" + this.runs.record(order.split(" ")[0]);
		}

		Runs runs() {
			return this.runs;
		}

	}

}
