package dev.idempotency.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.idempotency.benchmarks.kafka.KafkaEndToEnd;
import dev.idempotency.benchmarks.kafka.KafkaPass;
import dev.idempotency.benchmarks.paired.InterleavedPairs;
import dev.idempotency.benchmarks.paired.PairedRound;
import dev.idempotency.benchmarks.report.Machine;
import dev.idempotency.benchmarks.report.Measurements;
import dev.idempotency.benchmarks.report.ProfileSummary;
import dev.idempotency.benchmarks.report.RedisCommandStats;
import dev.idempotency.benchmarks.report.ResultsReport;
import dev.idempotency.benchmarks.report.RunContext;

/**
 * Runs every benchmark once and writes the report: the JMH benchmarks, the JDBC pairs
 * interleaved, Kafka end to end, then the JFR profiles of the hot path. {@code benchmarks/run}
 * builds the module and calls this; the report goes to {@code bench.results}
 * ({@code benchmarks/RESULTS.md} by default, relative to the working directory).
 */
public final class BenchmarkMain {

	/** The command that builds and runs the benchmarks, as the README gives it. */
	public static final String COMMAND = "benchmarks/run";

	private BenchmarkMain() {
	}

	/**
	 * Run the benchmarks.
	 * @param args none
	 * @throws Exception if a benchmark fails or a server does not answer
	 */
	public static void main(String[] args) throws Exception {
		Instant started = Instant.now();
		Path results = Path.of(System.getProperty("bench.results", "benchmarks/RESULTS.md"));
		Machine machine = ServerCheck.requireServers();
		JmhSuite suite = JmhSuite.fromSystemProperties();
		RedisCommandStats before = RedisCommandStats.read();
		Measurements measurements = suite.run();
		RedisCommandStats redisStats = RedisCommandStats.read().since(before);
		InterleavedPairs pairRuns = InterleavedPairs.fromSystemProperties();
		List<PairedRound> pairs = pairRuns.run();
		measurements.addPaired(pairs);
		List<KafkaPass> kafka = KafkaEndToEnd.fromSystemProperties().run();
		measurements.addKafka(kafka);
		List<ProfileSummary> profiles = Boolean.getBoolean("bench.skipProfiles") ? List.of()
				: new HotPathProfiles(suite, Path.of(System.getProperty("bench.profiles", "benchmarks/target/profiles")))
					.run();
		Long buildSeconds = Long.getLong("bench.buildSeconds");
		RunContext context = new RunContext(started, COMMAND, suite.describe(), pairRuns.describe(),
				(buildSeconds != null) ? Duration.ofSeconds(buildSeconds) : null,
				Duration.between(started, Instant.now()), machine);
		new ResultsReport(context, measurements, kafka, pairs, redisStats, profiles).write(results);
		System.out.println("Wrote " + results.toAbsolutePath());
		System.exit(0);
	}

}
