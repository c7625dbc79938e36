package dev.idempotency.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Payments and refunds consumed from Kafka, every message delivered three times, each charged
 * once. Starts an embedded Kafka broker in-process, so it needs no services.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			// The build's AOT processing runs main only to prepare the context: it needs no broker.
			SpringApplication.run(SampleApplication.class, args);
			return;
		}
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Demo.PAYMENTS, Demo.REFUNDS);
		broker.afterPropertiesSet();
		System.setProperty("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
		ConfigurableApplicationContext context;
		try {
			context = SpringApplication.run(SampleApplication.class, args);
		}
		catch (RuntimeException ex) {
			broker.destroy();
			throw ex;
		}
		// destroyed with the singletons, after the listener containers have stopped
		((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("embeddedKafka", broker::destroy);
		if (context.getEnvironment().getProperty("demo.stay-up", Boolean.class, false)) {
			System.out.println("Actuator: http://localhost:" + context.getEnvironment().getProperty("local.server.port")
					+ "/actuator/idempotency (Ctrl-C to stop)");
			return;
		}
		System.exit(SpringApplication.exit(context));
	}

}
