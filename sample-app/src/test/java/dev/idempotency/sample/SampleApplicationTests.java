package dev.idempotency.sample;

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
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Demo.PAYMENTS, Demo.REFUNDS);
		broker.afterPropertiesSet();
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString())) {
			assertThat(output.getOut().lines().filter((line) -> line.startsWith("Demo summary:")))
				.containsExactly("Demo summary: messages=300 unique=100 processed=100 duplicates-skipped=200");
		}
		finally {
			broker.destroy();
		}
	}

}
