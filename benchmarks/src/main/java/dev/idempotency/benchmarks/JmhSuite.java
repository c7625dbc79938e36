package dev.idempotency.benchmarks;

import java.util.Collection;

import dev.idempotency.benchmarks.paired.InterleavedPairs;
import dev.idempotency.benchmarks.report.Measurements;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH part of the run: every benchmark of this module with the same settings, sized so that
 * the whole command stays within 15 minutes on a 2-core machine.
 *
 * @param include a regular expression selecting the benchmarks
 * @param exclude a regular expression leaving out benchmarks it selects, or an empty one
 * @param warmupIterations warm-up iterations per benchmark
 * @param warmupTime time of each warm-up iteration
 * @param iterations measured iterations per benchmark
 * @param iterationTime time of each measured iteration
 */
public record JmhSuite(String include, String exclude, int warmupIterations, TimeValue warmupTime, int iterations,
		TimeValue iterationTime) {

	/** One fork per benchmark: a fresh JVM each, and no time for a second. */
	public static final int FORKS = 1;

	/**
	 * The heap of each fork: fixed, and touched at start. A heap that grows and shrinks with the
	 * load makes the allocating thread fault fresh pages in while it runs, which made whole
	 * iterations of the memory-store gate several times slower than the others.
	 */
	public static final String[] HEAP = { "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch" };

	/**
	 * The benchmarks that {@link InterleavedPairs} measures side by side with their floors instead.
	 */
	public static final String MEASURED_IN_PAIRS = "\\.(JdbcGateBenchmark\\.(sameTransaction|deferredCompletionPoll)"
			+ "|PostgresFloorBenchmark\\.insertIfAbsentIn(Managed)?Transaction)$";

	/**
	 * The suite as configured by system properties ({@code bench.include}, {@code bench.exclude},
	 * {@code bench.warmup.iterations}, {@code bench.warmup.seconds}, {@code bench.iterations},
	 * {@code bench.iteration.seconds}), else the defaults of the committed results: every benchmark
	 * but those {@linkplain #MEASURED_IN_PAIRS measured in pairs}.
	 * @return the suite
	 */
	public static JmhSuite fromSystemProperties() {
		return new JmhSuite(System.getProperty("bench.include", "dev\\.idempotency\\.benchmarks\\..*Benchmark\\..*"),
				System.getProperty("bench.exclude", MEASURED_IN_PAIRS),
				Integer.getInteger("bench.warmup.iterations", 5),
				TimeValue.seconds(Integer.getInteger("bench.warmup.seconds", 2)),
				Integer.getInteger("bench.iterations", 5),
				TimeValue.seconds(Integer.getInteger("bench.iteration.seconds", 2)));
	}

	/**
	 * Run the benchmarks.
	 * @return their figures
	 * @throws RunnerException if JMH fails
	 */
	public Measurements run() throws RunnerException {
		ChainedOptionsBuilder options = options().include(this.include);
		if (!this.exclude.isEmpty()) {
			options.exclude(this.exclude);
		}
		Collection<RunResult> results = new Runner(options.build()).run();
		return new Measurements().addAll(results);
	}

	/**
	 * The settings of this suite without the benchmarks to run, to which a caller adds them.
	 * @return the options
	 */
	public ChainedOptionsBuilder options() {
		return new OptionsBuilder().forks(FORKS)
			.jvmArgsPrepend(HEAP)
			.warmupIterations(this.warmupIterations)
			.warmupTime(this.warmupTime)
			.measurementIterations(this.iterations)
			.measurementTime(this.iterationTime)
			.shouldFailOnError(true);
	}

	/**
	 * Describe the settings for the report.
	 * @return the description
	 */
	public String describe() {
		return FORKS + " fork per benchmark, with a fixed heap of 1 GB touched at start, " + this.warmupIterations
				+ " warm-up iterations of " + this.warmupTime + ", " + this.iterations + " measured iterations of "
				+ this.iterationTime;
	}

}
