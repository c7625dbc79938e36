package dev.idempotency.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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

	/**
	 * The redis profile with no Redis on its port: the demo fails, saying what is missing and why,
	 * instead of printing a summary.
	 */
	@Test
	void demoWithoutItsStoreFailsSayingWhatIsMissingAndWhy(CapturedOutput output) throws IOException {
		int port;
		try (ServerSocket unused = new ServerSocket(0)) {
			port = unused.getLocalPort();
		}
		assertThatIllegalStateException()
			.isThrownBy(() -> runDemo("--spring.profiles.active=redis", "--spring.data.redis.port=" + port,
					"--spring.data.redis.timeout=200ms", "--demo.timeout=5s"))
			.withMessageStartingWith("The demo saw 0 of 300 deliveries processed or skipped as duplicates within 5 s; "
					+ "300 are missing. The gate counted {store_error=")
			.withMessageEndingWith("The idempotency store did not answer (store_error): the gate refused those "
					+ "deliveries and handed them back to be delivered again, so nothing is lost; start the store, or "
					+ "check its address in the gate's WARN above.");
		assertThat(output.getOut()).contains("The idempotency store (redis at localhost:" + port + ") is not answering");
		assertThat(output.getOut().lines().filter((line) -> line.startsWith("Demo summary:"))).isEmpty();
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
