package dev.idempotency.listener.rabbit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener whose body fails on the first attempt of some messages, acknowledged by the
 * container: the gate releases the claim, the container requeues the message, and its next
 * delivery completes it, once; every copy of a completed message is skipped.
 */
@SpringBootTest(classes = RabbitListenerFailureTests.Config.class)
class RabbitListenerFailureTests extends RabbitIdempotencyTestSupport {

	static final String QUEUE = uniqueName("failing-invoices");

	static final int MESSAGES = 30;

	@Autowired
	Invoices invoices;

	@Test
	void failedFirstAttemptsAreRedeliveredAndCompleteOnce() {
		List<String> keys = keys("invoice-", MESSAGES);
		for (String key : keys) {
			send(QUEUE, key, null, KEY_HEADER, key);
		}
		eventually().until(() -> this.invoices.runs().total() == MESSAGES);
		for (String key : keys) {
			send(QUEUE, key, null, KEY_HEADER, key);
		}

		eventually().until(() -> deliveries("invoices") == 2L * MESSAGES + MESSAGES / 3);
		assertThat(this.invoices.runs().byKey()).isEqualTo(Runs.each(keys, 1));
		assertThat(this.invoices.attempts()).hasSize(MESSAGES)
			.allSatisfy((key, attempts) -> assertThat(attempts.get()).isEqualTo(failsFirst(key) ? 2 : 1));
		assertThat(outcomes("invoices")).isEqualTo(
				Map.of("processed", (long) MESSAGES, "duplicate", (long) MESSAGES, "failed", (long) MESSAGES / 3));
		assertThat(depthAfterStopping("invoices", QUEUE)).isZero();
	}

	static boolean failsFirst(String key) {
		return Integer.parseInt(key.substring("invoice-".length())) % 3 == 0;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue invoicesQueue() {
			return new Queue(QUEUE);
		}

		@Bean
		Invoices invoices() {
			return new Invoices();
		}

	}

	static class Invoices {

		private final Runs runs = new Runs();

		private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		@RabbitListener(id = "invoices", queues = "#{@invoicesQueue.name}", concurrency = "2")
		@Idempotent
		void on(String invoice) {
			int attempt = this.attempts.computeIfAbsent(invoice, (key) -> new AtomicInteger()).incrementAndGet();
			if (attempt == 1 && failsFirst(invoice)) {
				throw new IllegalStateException("Payment provider timed out for " + invoice);
			}
			this.runs.record(invoice);
		}

		Runs runs() {
			return this.runs;
		}

		Map<String, AtomicInteger> attempts() {
			return this.attempts;
		}

	}

}
