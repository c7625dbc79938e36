package dev.idempotency.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Payments and refunds consumed from Kafka, every message delivered three times, each charged
 * once. Starts an embedded Kafka broker in-process, so it needs no services.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Demo.PAYMENTS, Demo.REFUNDS);
		broker.afterPropertiesSet();
		try {
			System.setProperty("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
			System.exit(SpringApplication.exit(SpringApplication.run(SampleApplication.class, args)));
		}
		finally {
			broker.destroy();
		}
	}

}
