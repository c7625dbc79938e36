package dev.idempotency.benchmarks.report;

import java.util.Map;
import java.util.TreeMap;

import dev.idempotency.benchmarks.support.Connections;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Redis's own count of calls and microseconds per command ({@code INFO commandstats}), so that the
 * server's share of a round trip (a Lua script against a plain {@code SET}) can be told from the
 * client's.
 *
 * @param calls calls per command
 * @param micros microseconds spent per command
 */
public record RedisCommandStats(Map<String, Long> calls, Map<String, Long> micros) {

	/**
	 * Read the server's counters now.
	 * @return the counters
	 */
	public static RedisCommandStats read() {
		RedisClient client = Connections.redisClient();
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			Map<String, Long> calls = new TreeMap<>();
			Map<String, Long> micros = new TreeMap<>();
			connection.sync().info("commandstats").lines().filter((line) -> line.startsWith("cmdstat_")).forEach((line) -> {
				String command = line.substring("cmdstat_".length(), line.indexOf(':'));
				for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
					String[] pair = field.split("=");
					if (pair[0].equals("calls")) {
						calls.put(command, Long.parseLong(pair[1]));
					}
					else if (pair[0].equals("usec")) {
						micros.put(command, Long.parseLong(pair[1]));
					}
				}
			});
			return new RedisCommandStats(calls, micros);
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * Return what was counted since {@code earlier}.
	 * @param earlier counters read before
	 * @return the differences, for commands called in between
	 */
	public RedisCommandStats since(RedisCommandStats earlier) {
		Map<String, Long> calls = new TreeMap<>();
		Map<String, Long> micros = new TreeMap<>();
		this.calls.forEach((command, count) -> {
			long delta = count - earlier.calls.getOrDefault(command, 0L);
			if (delta > 0) {
				calls.put(command, delta);
				micros.put(command, this.micros.getOrDefault(command, 0L) - earlier.micros.getOrDefault(command, 0L));
			}
		});
		return new RedisCommandStats(calls, micros);
	}

}
