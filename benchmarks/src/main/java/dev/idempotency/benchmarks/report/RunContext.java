package dev.idempotency.benchmarks.report;

import java.time.Duration;
import java.time.Instant;

/**
 * How the run was made: when, by which command, with which settings, and how long it took.
 *
 * @param started when the run started
 * @param command the command, as the README gives it
 * @param jmhSettings the JMH settings
 * @param pairSettings the settings of the JDBC pairs
 * @param buildTime how long the build before the run took, or {@code null} if unknown
 * @param runTime how long the run took
 * @param machine what it ran on
 */
public record RunContext(Instant started, String command, String jmhSettings, String pairSettings,
		Duration buildTime, Duration runTime, Machine machine) {

}
