package dev.idempotency.benchmarks;

import java.sql.Connection;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.benchmarks.report.Machine;
import dev.idempotency.benchmarks.support.BenchmarkServers;
import dev.idempotency.benchmarks.support.Connections;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Checks that Redis and PostgreSQL answer before anything is measured, and says what to start
 * when one does not.
 */
final class ServerCheck {

	private ServerCheck() {
	}

	/**
	 * Ping both servers, then describe the machine.
	 * @return the machine
	 * @throws IllegalStateException naming the server that did not answer and how to point at another
	 */
	static Machine requireServers() {
		RedisClient client = Connections.redisClient();
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().ping();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Redis does not answer at " + BenchmarkServers.redisUrl()
					+ ": start it, or set " + BenchmarkServers.REDIS_URL + " (" + ex.getMessage() + ")", ex);
		}
		finally {
			client.shutdown();
		}
		try (HikariDataSource dataSource = Connections.dataSource(1); Connection connection = dataSource.getConnection()) {
			connection.isValid(5);
		}
		catch (Exception ex) {
			throw new IllegalStateException("PostgreSQL does not answer at " + BenchmarkServers.jdbcUrl()
					+ ": start it, or set " + BenchmarkServers.JDBC_URL + ", " + BenchmarkServers.JDBC_USER + " and "
					+ BenchmarkServers.JDBC_PASSWORD + " (" + ex.getMessage() + ")", ex);
		}
		return Machine.read();
	}

}
