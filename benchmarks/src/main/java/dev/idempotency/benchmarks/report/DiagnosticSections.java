package dev.idempotency.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time goes: Redis's own time per command over the JMH run, and the JFR CPU profiles
 * of the hot path.
 */
final class DiagnosticSections {

	private static final List<String> COMMANDS = List.of("set", "evalsha", "eval", "hsetnx", "sismember", "sadd");

	private final RedisCommandStats redis;

	private final List<ProfileSummary> profiles;

	DiagnosticSections(RedisCommandStats redis, List<ProfileSummary> profiles) {
		this.redis = redis;
		this.profiles = profiles;
	}

	void write(Markdown out) {
		redisTime(out);
		for (ProfileSummary profile : this.profiles) {
			profile(out, profile);
		}
	}

	private void redisTime(Markdown out) {
		out.heading(2, "Redis server time per command")
			.paragraph("From `INFO commandstats` before and after the JMH run (other clients of the same server, "
					+ "if any, are counted too). `set` is the floors' claim and completion and the starter's "
					+ "single claim, `evalsha` the starter's scripts: its single completion, and its batches "
					+ "of claims and completions, one call per batch of up to 500 records; `hsetnx` is Spring "
					+ "Integration's, `sismember` and `sadd` Camel's.")
			.tableHead("command", "calls", "µs per call in Redis");
		for (String command : COMMANDS) {
			long calls = this.redis.calls().getOrDefault(command, 0L);
			if (calls > 0) {
				out.row("`" + command + "`", String.format(Locale.ROOT, "%,d", calls), String.format(Locale.ROOT,
						"%.2f", this.redis.micros().getOrDefault(command, 0L) / (double) calls));
			}
		}
		out.endTable();
	}

	private static void profile(Markdown out, ProfileSummary profile) {
		out.heading(2, "CPU profile: " + profile.benchmark())
			.paragraph("JFR (`settings=profile`) in a separate fork with the same JMH settings. "
					+ profile.loopSamples() + " samples of the benchmark thread in the measured loop, "
					+ profile.ioSamples() + " of the Redis client's I/O threads. A thread waiting for Redis "
					+ "takes no samples: these are CPU costs, not waiting.");
		table(out, "method on top of the stack (self)", profile.selfTop(), profile.loopSamples());
		table(out, "starter method anywhere on the stack (inclusive)", profile.libraryInclusive(),
				profile.loopSamples());
		table(out, "watched method anywhere on the stack (inclusive)", profile.watched(), profile.loopSamples());
	}

	private static void table(Markdown out, String title, Map<String, Integer> counts, int total) {
		if (counts.isEmpty()) {
			return;
		}
		out.tableHead(title, "samples", "share of loop samples");
		counts.forEach((method, count) -> out.row("`" + method + "`", Integer.toString(count),
				String.format(Locale.ROOT, "%.0f%%", 100.0 * count / Math.max(1, total))));
		out.endTable();
	}

}
