package dev.idempotency.sample;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the demo as the Quick start does and checks its summary.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Test
	void demoProcessesEachPaymentOnceAndCountsTheDuplicates(CapturedOutput output) {
		runDemo();
		assertThat(output.getOut().lines().filter((line) -> line.startsWith("Demo summary:")))
			.containsExactly("Demo summary: messages=300 unique=100 processed=100 duplicates-skipped=200");
	}

	/**
	 * The rabbit profile, on {@code IDEMPOTENCY_TEST_RABBIT_URL} or the local RabbitMQ.
	 */
	@Test
	void rabbitDemoProcessesEachShipmentOnceAndDrainsTheQueue(CapturedOutput output) {
		String rabbit = System.getenv("IDEMPOTENCY_TEST_RABBIT_URL");
		runDemo("--spring.profiles.active=rabbit", "--spring.rabbitmq.addresses="
				+ ((rabbit != null && !rabbit.isBlank()) ? rabbit : "amqp://guest:guest@127.0.0.1:5672"));
		assertThat(output.getOut().lines().filter((line) -> line.startsWith("RabbitMQ demo summary:")))
			.containsExactly("RabbitMQ demo summary: messages=200 unique=100 processed=100 duplicates-skipped=100 "
					+ "queue-depth=0");
	}

	private static void runDemo(String... args) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Demo.PAYMENTS, Demo.REFUNDS);
		broker.afterPropertiesSet();
		String[] arguments = Arrays.copyOf(args, args.length + 1);
		arguments[args.length] = "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString();
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, arguments)) {
			assertThat(context.isActive()).isTrue();
		}
		finally {
			broker.destroy();
		}
	}

}
