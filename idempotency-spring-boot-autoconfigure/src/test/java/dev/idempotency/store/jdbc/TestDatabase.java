package dev.idempotency.store.jdbc;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.test.FaultProxy;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The databases the JDBC tests run against. PostgreSQL and MariaDB come from
 * {@code IDEMPOTENCY_TEST_POSTGRES_URL} / {@code IDEMPOTENCY_TEST_MARIADB_URL} (a JDBC URL with
 * user and password) if set, else from a Testcontainers container where a Docker engine answers,
 * else from the local servers on their standard ports. H2 runs in memory. When a server does not
 * answer, tests fail with a message saying what to start; they never skip.
 */
public enum TestDatabase {

	/** PostgreSQL, user {@code postgres}, database {@code test}. */
	POSTGRESQL("IDEMPOTENCY_TEST_POSTGRES_URL", 5432, "jdbc:postgresql://%s:%d/test?user=postgres",
			"pg_ctlcluster <version> main start") {

		@Override
		GenericContainer<?> container() {
			return new GenericContainer<>("postgres:16-alpine").withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
				.withEnv("POSTGRES_DB", "test")
				.withExposedPorts(5432);
		}

	},

	/** MariaDB, user {@code root} without password, database {@code test}. */
	MARIADB("IDEMPOTENCY_TEST_MARIADB_URL", 3306, "jdbc:mariadb://%s:%d/test?user=root",
			"start-stop-daemon --start --background --exec /usr/sbin/mariadbd") {

		@Override
		GenericContainer<?> container() {
			return new GenericContainer<>("mariadb:11").withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
				.withEnv("MARIADB_DATABASE", "test")
				.withExposedPorts(3306);
		}

	},

	/** H2 in memory, one database per data source. */
	H2(null, 0, null, null) {

		@Override
		GenericContainer<?> container() {
			throw new UnsupportedOperationException();
		}

	};

	private final String urlVariable;

	private final int port;

	private final String urlPattern;

	private final String startCommand;

	private String url;

	TestDatabase(String urlVariable, int port, String urlPattern, String startCommand) {
		this.urlVariable = urlVariable;
		this.port = port;
		this.urlPattern = urlPattern;
		this.startCommand = startCommand;
	}

	abstract GenericContainer<?> container();

	/**
	 * Create a data source to the database; the caller closes it.
	 * @return the data source, checked to answer
	 */
	public HikariDataSource dataSource() {
		if (this == H2) {
			return dataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		}
		HikariDataSource dataSource = dataSource(url());
		try {
			dataSource.getConnection().close();
		}
		catch (Exception ex) {
			dataSource.close();
			throw new IllegalStateException("No " + name() + " answers at " + url() + ". Start it (for example: "
					+ this.startCommand + "), or point " + this.urlVariable + " at a running server, then run the "
					+ "tests again.", ex);
		}
		return dataSource;
	}

	/**
	 * Start a {@link FaultProxy} to the database and create a data source through it.
	 * @param proxy receives the started proxy, for the test to cut and restore
	 * @return the data source
	 */
	public HikariDataSource dataSourceThrough(FaultProxy[] proxy) {
		URI server = URI.create(url().substring("jdbc:".length()));
		try {
			proxy[0] = FaultProxy.to(server.getHost(), server.getPort());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start a proxy to " + url(), ex);
		}
		HikariDataSource dataSource = dataSource(url().replace(server.getHost() + ":" + server.getPort(),
				"127.0.0.1:" + proxy[0].port()));
		dataSource.setConnectionTimeout(1000);
		dataSource.setValidationTimeout(500);
		return dataSource;
	}

	private synchronized String url() {
		if (this.url == null) {
			String configured = System.getenv(this.urlVariable);
			if (configured != null && !configured.isBlank()) {
				this.url = configured;
			}
			else if (DockerClientFactory.instance().isDockerAvailable()) {
				GenericContainer<?> container = container();
				container.start();
				this.url = this.urlPattern.formatted(container.getHost(), container.getMappedPort(this.port));
			}
			else {
				this.url = this.urlPattern.formatted("127.0.0.1", this.port);
			}
		}
		return this.url;
	}

	private static HikariDataSource dataSource(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setMaximumPoolSize(24);
		return dataSource;
	}

}
