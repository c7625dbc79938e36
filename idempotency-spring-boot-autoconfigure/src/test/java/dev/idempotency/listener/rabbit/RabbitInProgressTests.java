package dev.idempotency.listener.rabbit;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * A copy delivered while the first delivery's body still runs, for longer than the lease (its
 * heartbeat keeps the claim): the copy waits for the claim, bounded by the lease, is handed back
 * after a pause when the wait runs out, and is skipped as a duplicate once the body completed. It
 * is redelivered a few times at most, never spun on.
 */
@SpringBootTest(classes = RabbitInProgressTests.Config.class,
		properties = { "idempotency.lease=1s", "spring.rabbitmq.listener.simple.prefetch=1" })
class RabbitInProgressTests extends RabbitIdempotencyTestSupport {

	static final String QUEUE = uniqueName("slow-reports");

	@Autowired
	Reports reports;

	@Test
	void copyOfARunningMessageWaitsWithoutSpinningAndIsSkippedOnceItCompletes() throws Exception {
		send(QUEUE, "report-1", "report-1");
		assertThat(this.reports.started().await(10, TimeUnit.SECONDS)).isTrue();
		send(QUEUE, "report-1", "report-1");

		eventually().until(() -> outcomes("reports").containsKey("duplicate"));
		assertThat(this.reports.runs().byKey()).isEqualTo(Map.of("report-1", 1));
		Map<String, Long> outcomes = outcomes("reports");
		assertThat(outcomes).containsEntry("processed", 1L).containsEntry("duplicate", 1L);
		// each in_progress refusal handed the copy back once: its redeliveries
		assertThat(outcomes.get("in_progress")).isBetween(1L, 2L);
		assertThat(depthAfterStopping("reports", QUEUE)).isZero();
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
		Reports reports() {
			return new Reports();
		}

	}

	static class Reports {

		private final Runs runs = new Runs();

		private final CountDownLatch started = new CountDownLatch(1);

		@RabbitListener(id = "reports", queues = "#{@reportsQueue.name}", concurrency = "2")
		@Idempotent
		void on(String report) throws InterruptedException {
			this.started.countDown();
			Thread.sleep(3500);
			this.runs.record(report);
		}

		Runs runs() {
			return this.runs;
		}

		CountDownLatch started() {
			return this.started;
		}

	}

}
