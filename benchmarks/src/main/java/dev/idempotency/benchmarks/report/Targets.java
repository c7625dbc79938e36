package dev.idempotency.benchmarks.report;

import dev.idempotency.benchmarks.kafka.ListenerKind;
import dev.idempotency.benchmarks.paired.JdbcPair;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the performance targets against the figures of one run; every ratio is computed from
 * figures of that run.
 */
final class Targets {

	private final Measurements measurements;

	private final PerMessage figures;

	Targets(Measurements measurements) {
		this.measurements = measurements;
		this.figures = new PerMessage(measurements);
	}

	List<TargetCheck> checks() {
		List<TargetCheck> checks = new ArrayList<>();
		checks.add(atLeast("Redis gate ≥ 0.85× the two-round-trip floor, 1 thread",
				ratio(BenchmarkIds.REDIS_GATE_1, BenchmarkIds.REDIS_FLOOR_1), 0.85));
		checks.add(atLeast("Redis gate ≥ 0.8× the two-round-trip floor, 8 threads",
				ratio(BenchmarkIds.REDIS_GATE_8, BenchmarkIds.REDIS_FLOOR_8), 0.8));
		for (int size : BenchmarkIds.BATCH_SIZES) {
			checks.add(atLeast("Redis batch of " + size + " ≥ 0.7× the pipelined floor", batchRatio(size), 0.7));
		}
		checks.add(new TargetCheck("Memory-store gate ≤ 1 µs (1,000 ns) over the bare call",
				this.figures.time(BenchmarkIds.MEMORY_ANNOTATED)
					.flatMap((gated) -> this.figures.time(BenchmarkIds.BARE_CALL).map(gated::minus)),
				1000, false, "its benchmark did not run"));
		checks.add(atLeast("Kafka record listener with the gate ≥ 0.8× without", ratio(
				BenchmarkIds.kafka(ListenerKind.GATED_RECORD), BenchmarkIds.kafka(ListenerKind.PLAIN_RECORD)), 0.8));
		checks.add(atLeast("Kafka record listener with the gate ≥ 10× the same with per-record store writes",
				ratio(BenchmarkIds.kafka(ListenerKind.GATED_RECORD),
						BenchmarkIds.kafka(ListenerKind.GATED_RECORD_PER_RECORD)),
				10));
		checks.add(atLeast("Kafka batch listener with the gate ≥ 0.8× without", ratio(
				BenchmarkIds.kafka(ListenerKind.GATED_BATCH), BenchmarkIds.kafka(ListenerKind.PLAIN_BATCH)), 0.8));
		checks.add(atLeast("Kafka batch listener with the gate ≥ 0.5× the pipelined floor at 500",
				this.figures.rate(BenchmarkIds.kafka(ListenerKind.GATED_BATCH))
					.flatMap((gated) -> this.figures.batchRate(BenchmarkIds.redisPipelineFloor(500), 500)
						.map(gated::over)),
				0.5));
		checks.add(atLeast("Kafka record listener inserting a row, with the gate on Redis ≥ 0.8× without",
				kafkaRatio(ListenerKind.GATED_RECORD_INSERT), 0.8));
		checks.add(atLeast(
				"Kafka `@Transactional` record listener inserting a row, with the gate on JDBC (same transaction) ≥ 0.8× without",
				kafkaRatio(ListenerKind.GATED_TRANSACTIONAL_INSERT), 0.8));
		checks.add(atLeast("Kafka `@Transactional` record listener inserting a row, with the gate on JDBC (same "
				+ "transaction) ≥ 0.9× the same listener deduplicating by hand in its transaction (like for like)",
				ratio(BenchmarkIds.kafka(ListenerKind.GATED_TRANSACTIONAL_INSERT),
						BenchmarkIds.kafka(ListenerKind.HAND_DEDUPED_TRANSACTIONAL_INSERT)),
				0.9));
		checks.add(atLeast("Faster per message than Spring Integration on Redis (gate ÷ peer > 1)",
				ratio(BenchmarkIds.REDIS_GATE_1, BenchmarkIds.springIntegration("redis")), 1));
		checks.add(atLeast("Faster per message than Camel on Redis (gate ÷ peer > 1)",
				ratio(BenchmarkIds.REDIS_GATE_1, BenchmarkIds.camel("redis")), 1));
		checks.add(atLeast("Per message over a simulated poll faster than Spring Integration on Redis (> 1)",
				ratio(BenchmarkIds.REDIS_POLL, BenchmarkIds.springIntegration("redis")), 1));
		checks.add(atLeast("Per message over a simulated poll faster than Camel on Redis (> 1)",
				ratio(BenchmarkIds.REDIS_POLL, BenchmarkIds.camel("redis")), 1));
		checks.add(atLeast("JDBC same-transaction mode ≥ 0.9× the one-statement floor in a transaction "
				+ "(Spring-managed, like the gate's)", paired(JdbcPair.SAME_TRANSACTION), 0.9));
		checks.add(atLeast("JDBC same-transaction mode ≥ 0.9× the one-statement floor in a transaction on a raw "
				+ "connection", paired(JdbcPair.SAME_TRANSACTION_RAW), 0.9));
		checks.add(atLeast("JDBC separate mode, completions per poll, ≥ 0.8× the one-statement floor",
				paired(JdbcPair.DEFERRED_POLL), 0.8));
		checks.add(atLeast("Faster per message than Spring Integration on JDBC (gate ÷ peer > 1)",
				ratio(BenchmarkIds.JDBC_SEPARATE, BenchmarkIds.springIntegration("jdbc")), 1));
		checks.add(atLeast("Faster per message than Camel on JDBC (gate ÷ peer > 1)",
				ratio(BenchmarkIds.JDBC_SEPARATE, BenchmarkIds.camel("jdbc")), 1));
		return checks;
	}

	private Optional<Figure> ratio(String numerator, String denominator) {
		return this.figures.rate(numerator).flatMap((n) -> this.figures.rate(denominator).map(n::over));
	}

	private Optional<Figure> paired(JdbcPair pair) {
		return this.measurements.get(BenchmarkIds.paired(pair));
	}

	private Optional<Figure> kafkaRatio(ListenerKind gated) {
		return ratio(BenchmarkIds.kafka(gated), BenchmarkIds.kafka(gated.baseline()));
	}

	private Optional<Figure> batchRatio(int size) {
		return this.figures.batchRate(BenchmarkIds.redisBatchGate(size), size)
			.flatMap((n) -> this.figures.batchRate(BenchmarkIds.redisPipelineFloor(size), size).map(n::over));
	}

	private static TargetCheck atLeast(String target, Optional<Figure> ratio, double threshold) {
		return new TargetCheck(target, ratio, threshold, true, "its benchmark did not run");
	}

}
