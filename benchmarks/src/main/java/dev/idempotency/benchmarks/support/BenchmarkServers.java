package dev.idempotency.benchmarks.support;

import java.util.Map;

/**
 * Where the benchmarks find their servers: environment variables, else the standard loopback
 * ports.
 *
 * <table>
 * <tr><th>variable</th><th>default</th></tr>
 * <tr><td>{@value #REDIS_URL}</td><td>{@code redis://127.0.0.1:6379}</td></tr>
 * <tr><td>{@value #JDBC_URL}</td><td>{@code jdbc:postgresql://127.0.0.1:5432/test}</td></tr>
 * <tr><td>{@value #JDBC_USER}</td><td>{@code postgres}</td></tr>
 * <tr><td>{@value #JDBC_PASSWORD}</td><td>empty</td></tr>
 * </table>
 */
public final class BenchmarkServers {

	/** The variable naming the Redis server, as a {@code redis://host:port} URL. */
	public static final String REDIS_URL = "IDEMPOTENCY_BENCH_REDIS_URL";

	/** The variable naming the PostgreSQL database, as a JDBC URL. */
	public static final String JDBC_URL = "IDEMPOTENCY_BENCH_JDBC_URL";

	/** The variable naming the database user. */
	public static final String JDBC_USER = "IDEMPOTENCY_BENCH_JDBC_USER";

	/** The variable holding the database password. */
	public static final String JDBC_PASSWORD = "IDEMPOTENCY_BENCH_JDBC_PASSWORD";

	private static final Map<String, String> DEFAULTS = Map.of(REDIS_URL, "redis://127.0.0.1:6379", JDBC_URL,
			"jdbc:postgresql://127.0.0.1:5432/test", JDBC_USER, "postgres", JDBC_PASSWORD, "");

	private BenchmarkServers() {
	}

	/**
	 * Return the Redis URL.
	 * @return the URL
	 */
	public static String redisUrl() {
		return get(REDIS_URL);
	}

	/**
	 * Return the PostgreSQL JDBC URL.
	 * @return the URL
	 */
	public static String jdbcUrl() {
		return get(JDBC_URL);
	}

	/**
	 * Return the database user.
	 * @return the user
	 */
	public static String jdbcUser() {
		return get(JDBC_USER);
	}

	/**
	 * Return the database password.
	 * @return the password, possibly empty
	 */
	public static String jdbcPassword() {
		return get(JDBC_PASSWORD);
	}

	private static String get(String variable) {
		String value = System.getenv(variable);
		return (value != null && !value.isBlank()) ? value : DEFAULTS.get(variable);
	}

}
