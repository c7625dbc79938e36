package dev.idempotency.test;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One embedded KRaft broker (3 partitions per topic by default) shared by every Kafka
 * integration test class of the test run, since starting a broker is the slow part. It is
 * started on first use, when a test context resolves {@code spring.kafka.bootstrap-servers}
 * (after Spring Boot has configured logging), and stopped when the test run ends.
 */
public final class SharedKafkaBroker implements BeforeAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SharedKafkaBroker.class);

	private static final String BROKERS_PROPERTY = EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS;

	private static final Object monitor = new Object();

	private static @Nullable EmbeddedKafkaKraftBroker broker;

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(Shutdown.class, (key) -> new Shutdown(), Shutdown.class);
	}

	/**
	 * Return the bootstrap servers of the shared broker, starting it if needed.
	 * @return the bootstrap servers
	 */
	public static String bootstrapServers() {
		synchronized (monitor) {
			if (broker == null) {
				EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 3);
				// One broker: Kafka transactions need their state log to fit on it.
				started.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
						"transaction.state.log.min.isr", "1"));
				// Publish the address as spring.embedded.kafka.brokers only, not as the
				// spring.kafka.bootstrap-servers system property that other tests would inherit.
				started.brokerListProperty(BROKERS_PROPERTY);
				started.afterPropertiesSet();
				broker = started;
			}
			return broker.getBrokersAsString();
		}
	}

	/**
	 * Stops the broker when the root extension context closes, at the end of the test run.
	 */
	private static final class Shutdown implements AutoCloseable {

		@Override
		public void close() {
			synchronized (monitor) {
				if (broker != null) {
					broker.destroy();
					broker = null;
					System.clearProperty(BROKERS_PROPERTY);
				}
			}
		}

	}

}
