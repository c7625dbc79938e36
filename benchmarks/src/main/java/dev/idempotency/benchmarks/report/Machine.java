package dev.idempotency.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.benchmarks.support.Connections;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What the run ran on: processors, operating system, JDK and server versions.
 *
 * @param processors the processors available to the JVM
 * @param cpuModel the processor model, if the system tells it
 * @param os the operating system
 * @param jdk the JDK
 * @param redis the Redis server version and how many keys it held at the start
 * @param postgres the PostgreSQL server version and its commit durability
 */
public record Machine(int processors, String cpuModel, String os, String jdk, String redis, String postgres) {

	/**
	 * Read the machine and ask the servers.
	 * @return the machine
	 */
	public static Machine read() {
		return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
						+ System.getProperty("os.arch") + ")",
				System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
						+ System.getProperty("java.runtime.version"),
				readRedis(), readPostgresVersion());
	}

	private static String readCpuModel() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static String readRedis() {
		RedisClient client = Connections.redisClient();
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String version = connection.sync()
				.info("server")
				.lines()
				.filter((line) -> line.startsWith("redis_version:"))
				.map((line) -> line.substring("redis_version:".length()).trim())
				.findFirst()
				.orElse("unknown");
			// keys left by an earlier run expire during this one and take Redis CPU from it
			return String.format(Locale.ROOT, "%s (%,d keys at the start)", version, connection.sync().dbsize());
		}
		finally {
			client.shutdown();
		}
	}

	private static String readPostgresVersion() {
		try (HikariDataSource dataSource = Connections.dataSource(1);
				Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			return show(statement, "server_version") + " (synchronous_commit " + show(statement, "synchronous_commit")
					+ ", fsync " + show(statement, "fsync") + ")";
		}
		catch (SQLException ex) {
			return "unknown: " + ex.getMessage();
		}
	}

	private static String show(Statement statement, String setting) throws SQLException {
		try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
			result.next();
			return result.getString(1);
		}
	}

}
