package dev.idempotency.listener.rabbit;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import dev.idempotency.Idempotent;
import dev.idempotency.test.Runs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy delivered while the first delivery's body still runs, for longer than the lease (its
 * heartbeat keeps the claim): the copy waits for the claim, bounded by the lease, is handed back
 * after a pause when the wait runs out, and is skipped as a duplicate once the body completed. It
 * is redelivered a few times at most, never spun on. A listener that acknowledges manually gets
 * the copy handed back by the gate, which the container does not do in that mode.
 */
@SpringBootTest(classes = RabbitInProgressTests.Config.class,
		properties = { "idempotency.lease=1s", "spring.rabbitmq.listener.simple.prefetch=1" })
class RabbitInProgressTests extends RabbitIdempotencyTestSupport {

	static final String QUEUE = uniqueName("slow-reports");

	static final String MANUAL_QUEUE = uniqueName("slow-manual-reports");

	final Map<String, String> queues = Map.of("reports", QUEUE, "manual-reports", MANUAL_QUEUE);

	@Autowired
	Reports reports;

	@ParameterizedTest
	@ValueSource(strings = { "reports", "manual-reports" })
	void copyOfARunningMessageWaitsWithoutSpinningAndIsSkippedOnceItCompletes(String listener) throws Exception {
		String queue = this.queues.get(listener);
		send(queue, "report-1", "report-1");
		assertThat(this.reports.started(listener).await(10, TimeUnit.SECONDS)).isTrue();
		send(queue, "report-1", "report-1");

		eventually().until(() -> outcomes(listener).containsKey("duplicate"));
		assertThat(this.reports.runs(listener).byKey()).isEqualTo(Map.of("report-1", 1));
		Map<String, Long> outcomes = outcomes(listener);
		assertThat(outcomes).containsEntry("processed", 1L).containsEntry("duplicate", 1L);
		// each in_progress refusal handed the copy back once: its redeliveries
		assertThat(outcomes.get("in_progress")).isBetween(1L, 2L);
		assertThat(depthAfterStopping(listener, queue)).isZero();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(TestConfiguration.class)
	static class Config {

		@Bean
		Queue reportsQueue() {
			return new Queue(QUEUE);
		}

		@Bean
		Queue manualReportsQueue() {
			return new Queue(MANUAL_QUEUE);
		}

		@Bean
		Reports reports() {
			return new Reports();
		}

	}

	static class Reports {

		private final Map<String, Runs> runs = Map.of("reports", new Runs(), "manual-reports", new Runs());

		private final Map<String, CountDownLatch> started = Map.of("reports", new CountDownLatch(1), "manual-reports",
				new CountDownLatch(1));

		@RabbitListener(id = "reports", queues = "#{@reportsQueue.name}", concurrency = "2")
		@Idempotent
		void on(String report) throws InterruptedException {
			write("reports", report);
		}

		@RabbitListener(id = "manual-reports", queues = "#{@manualReportsQueue.name}", concurrency = "2",
				ackMode = "MANUAL")
		@Idempotent
		void onManually(String report, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag)
				throws InterruptedException, IOException {
			write("manual-reports", report);
			channel.basicAck(tag, false);
		}

		private void write(String listener, String report) throws InterruptedException {
			this.started.get(listener).countDown();
			Thread.sleep(3500);
			this.runs.get(listener).record(report);
		}

		Runs runs(String listener) {
			return this.runs.get(listener);
		}

		CountDownLatch started(String listener) {
			return this.started.get(listener);
		}

	}

}
