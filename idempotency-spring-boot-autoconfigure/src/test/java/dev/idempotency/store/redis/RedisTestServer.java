package dev.idempotency.store.redis;

import java.io.IOException;
import java.net.URI;

import dev.idempotency.test.FaultProxy;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis server the tests run against: {@code IDEMPOTENCY_TEST_REDIS_URL} if set, else a
 * Testcontainers Redis where a Docker engine answers, else {@code 127.0.0.1:6379}. When none
 * answers, tests fail with a message saying what to start; they never skip.
 */
public final class RedisTestServer {

	private static final String URL_VARIABLE = "IDEMPOTENCY_TEST_REDIS_URL";

	private static URI uri;

	private RedisTestServer() {
	}

	/**
	 * Return the address of the test server, starting a container if that is the source.
	 * @return the server's {@code redis://host:port} URI
	 */
	public static synchronized URI uri() {
		if (uri == null) {
			uri = locate();
		}
		return uri;
	}

	/**
	 * Create a started connection factory to the test server; the caller destroys it.
	 * @return the connection factory
	 */
	public static LettuceConnectionFactory connectionFactory() {
		URI server = uri();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.getHost(), server.getPort()));
		factory.afterPropertiesSet();
		factory.start();
		try {
			factory.getConnection().ping();
		}
		catch (RuntimeException ex) {
			factory.destroy();
			throw new IllegalStateException("No Redis answers at " + server + ". Start one (for example: "
					+ "redis-server --port " + server.getPort() + "), or point " + URL_VARIABLE
					+ " at a running server, then run the tests again.", ex);
		}
		return factory;
	}

	/**
	 * Start a {@link FaultProxy} to the test server.
	 * @return the running proxy
	 */
	public static FaultProxy proxy() {
		URI server = uri();
		try {
			return FaultProxy.to(server.getHost(), server.getPort());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start a proxy to Redis at " + server, ex);
		}
	}

	private static URI locate() {
		String configured = System.getenv(URL_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return URI.create(configured);
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			return URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
		}
		return URI.create("redis://127.0.0.1:6379");
	}

}
