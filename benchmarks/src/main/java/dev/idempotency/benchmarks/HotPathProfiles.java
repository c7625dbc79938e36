package dev.idempotency.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.idempotency.benchmarks.report.ProfileSummary;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Profiles the hot path: runs a few benchmarks again, each in its own fork with a JFR recording
 * ({@code settings=profile}), and summarises where their CPU time goes. These runs are separate
 * from the measured ones, whose figures JFR would disturb.
 *
 * @param suite the settings of the measured run
 * @param directory where the recordings are kept
 */
public record HotPathProfiles(JmhSuite suite, Path directory) {

	/**
	 * The benchmarks profiled: the gate on Redis one message at a time and over a simulated poll,
	 * and the gate on memory. The raw Redis floor is not: its thread waits on Redis nearly all the
	 * time, so its profile holds too few samples to read (9 and 17 in two runs) for half a minute
	 * of the run.
	 */
	public static final List<String> PROFILED = List.of("RedisGateBenchmark.annotatedMethod",
			"RedisPollGateBenchmark.poll", "MemoryGateBenchmark.annotatedMethod");

	/**
	 * Profile each benchmark of {@link #PROFILED}.
	 * @return their summaries
	 * @throws RunnerException if JMH fails
	 * @throws IOException if a recording cannot be written or read
	 */
	public List<ProfileSummary> run() throws RunnerException, IOException {
		Files.createDirectories(this.directory);
		List<ProfileSummary> summaries = new ArrayList<>();
		for (String benchmark : PROFILED) {
			Path recording = this.directory.resolve(benchmark + ".jfr").toAbsolutePath();
			Files.deleteIfExists(recording);
			new Runner(this.suite.options()
				.include("dev\\.idempotency\\.benchmarks\\." + benchmark.replace(".", "\\.") + "$")
				.jvmArgsAppend("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording)
				.build()).run();
			summaries.add(ProfileSummary.read(benchmark, recording, 12));
		}
		return summaries;
	}

}
