package dev.idempotency.listener.rabbit;

import java.net.URI;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The RabbitMQ broker the tests run against: {@code IDEMPOTENCY_TEST_RABBIT_URL} (such as
 * {@code amqp://guest:guest@127.0.0.1:5672}) if set, else a Testcontainers RabbitMQ where a
 * Docker engine answers, else {@code 127.0.0.1:5672} as guest. When none answers, tests fail with
 * a message saying what to start; they never skip.
 */
final class RabbitTestServer {

	private static final String URL_VARIABLE = "IDEMPOTENCY_TEST_RABBIT_URL";

	private static URI uri;

	private RabbitTestServer() {
	}

	/**
	 * Point Spring Boot's RabbitMQ connection at the test broker, checked to answer.
	 * @param registry the test's dynamic properties
	 */
	static void register(DynamicPropertyRegistry registry) {
		URI broker = uri();
		registry.add("spring.rabbitmq.addresses", broker::toString);
	}

	private static synchronized URI uri() {
		if (uri == null) {
			uri = locate();
			checkAnswers(uri);
		}
		return uri;
	}

	private static URI locate() {
		String configured = System.getenv(URL_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return URI.create(configured);
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-alpine");
			container.start();
			return URI.create(container.getAmqpUrl().replace("amqp://", "amqp://guest:guest@"));
		}
		return URI.create("amqp://guest:guest@127.0.0.1:5672");
	}

	private static void checkAnswers(URI broker) {
		CachingConnectionFactory connections = new CachingConnectionFactory(broker);
		try (Connection connection = connections.createConnection()) {
			connection.isOpen();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("No RabbitMQ answers at " + broker.getHost() + ":" + broker.getPort()
					+ ". Start one (for example: rabbitmq-server -detached), or point " + URL_VARIABLE
					+ " at a running broker, then run the tests again.", ex);
		}
		finally {
			connections.destroy();
		}
	}

}
