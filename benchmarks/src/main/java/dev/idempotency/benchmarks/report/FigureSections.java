package dev.idempotency.benchmarks.report;

import java.util.List;
import java.util.Optional;

import dev.idempotency.benchmarks.kafka.KafkaPass;
import dev.idempotency.benchmarks.paired.JdbcPair;
import dev.idempotency.benchmarks.paired.PairedRound;

/**
 * The figures: targets, floors, the gate against its floors, the JDBC pairs, peers, Kafka end to
 * end, and the rows not measured yet.
 */
final class FigureSections {

	private static final String NOT_MEASURED = "not measured";

	private final Measurements measurements;

	private final PerMessage figures;

	private final List<KafkaPass> kafka;

	private final List<PairedRound> pairs;

	FigureSections(Measurements measurements, List<KafkaPass> kafka, List<PairedRound> pairs) {
		this.measurements = measurements;
		this.figures = new PerMessage(measurements);
		this.kafka = kafka;
		this.pairs = pairs;
	}

	void write(Markdown out) {
		targets(out);
		floors(out);
		gate(out);
		new PairedSection(this.pairs).write(out);
		peers(out);
		new KafkaSection(this.kafka).write(out);
	}

	private void targets(Markdown out) {
		out.heading(2, "Targets").tableHead("target", "measured", "verdict");
		for (TargetCheck check : new Targets(this.measurements).checks()) {
			out.row(check.target(), check.measured().map(Figure::format).orElse("—"), check.verdict());
		}
		out.endTable();
	}

	private void floors(Markdown out) {
		out.heading(2, "Floors").tableHead("floor", "figure");
		out.row("bare method call (builds the message, calls the body)", time(BenchmarkIds.BARE_CALL));
		out.row("Redis `SET NX PX` + completion `SET XX PX`, 1 thread", rate(BenchmarkIds.REDIS_FLOOR_1));
		out.row("the same, 8 threads on one shared connection", rate(BenchmarkIds.REDIS_FLOOR_8));
		for (int size : BenchmarkIds.BATCH_SIZES) {
			out.row("the same pipelined, batches of " + size + " (two flushes per batch)",
					batchRate(BenchmarkIds.redisPipelineFloor(size), size));
		}
		out.row("PostgreSQL `INSERT … ON CONFLICT DO NOTHING`, auto-commit, 1 thread",
				rate(BenchmarkIds.POSTGRES_FLOOR));
		out.row("the same in a transaction of its own (`BEGIN`, the insert, `COMMIT`), 1 thread",
				rate(BenchmarkIds.POSTGRES_TRANSACTION_FLOOR));
		out.row("the same transaction begun and committed by Spring's `DataSourceTransactionManager` around a "
				+ "`JdbcTemplate` insert, 1 thread", rate(BenchmarkIds.POSTGRES_MANAGED_TRANSACTION_FLOOR));
		out.endTable();
	}

	private void gate(Markdown out) {
		out.heading(2, "The gate").tableHead("what", "figure", "against", "ratio or difference");
		Optional<Figure> bare = this.figures.time(BenchmarkIds.BARE_CALL);
		out.row("`@Idempotent` bean, memory store (proxy + SpEL + gate)", time(BenchmarkIds.MEMORY_ANNOTATED),
				"bare call", difference(this.figures.time(BenchmarkIds.MEMORY_ANNOTATED), bare));
		out.row("gate alone, memory store", time(BenchmarkIds.MEMORY_GATE), "bare call",
				difference(this.figures.time(BenchmarkIds.MEMORY_GATE), bare));
		out.row("Redis store alone (`claim` + `complete`, no gate), 1 thread", rate(BenchmarkIds.REDIS_STORE_1),
				"Redis floor, 1 thread",
				ratio(this.figures.rate(BenchmarkIds.REDIS_STORE_1), this.figures.rate(BenchmarkIds.REDIS_FLOOR_1)));
		out.row("`@Idempotent` bean, Redis store, 1 thread", rate(BenchmarkIds.REDIS_GATE_1), "Redis floor, 1 thread",
				ratio(this.figures.rate(BenchmarkIds.REDIS_GATE_1), this.figures.rate(BenchmarkIds.REDIS_FLOOR_1)));
		out.row("gate on Redis over a simulated Kafka poll of 500 (claims ahead, completions per poll), 1 thread",
				rate(BenchmarkIds.REDIS_POLL), "Redis floor, 1 thread",
				ratio(this.figures.rate(BenchmarkIds.REDIS_POLL), this.figures.rate(BenchmarkIds.REDIS_FLOOR_1)));
		out.row("`@Idempotent` bean, Redis store, 8 threads", rate(BenchmarkIds.REDIS_GATE_8),
				"Redis floor, 8 threads",
				ratio(this.figures.rate(BenchmarkIds.REDIS_GATE_8), this.figures.rate(BenchmarkIds.REDIS_FLOOR_8)));
		for (int size : BenchmarkIds.BATCH_SIZES) {
			Optional<Figure> gated = this.figures.batchRate(BenchmarkIds.redisBatchGate(size), size);
			out.row("`claimAll` + `completeAll`, Redis, batches of " + size, format(gated),
					"pipelined floor, " + size,
					ratio(gated, this.figures.batchRate(BenchmarkIds.redisPipelineFloor(size), size)));
		}
		Optional<Figure> postgresFloor = this.figures.rate(BenchmarkIds.POSTGRES_FLOOR);
		out.row("JDBC store on PostgreSQL, claim and completion auto-committed (two statements)",
				rate(BenchmarkIds.JDBC_SEPARATE), "PostgreSQL floor",
				ratio(this.figures.rate(BenchmarkIds.JDBC_SEPARATE), postgresFloor));
		out.row("JDBC store on PostgreSQL over a simulated Kafka poll of 500 (a claim statement per message, "
				+ "one completion statement per poll)", rate(BenchmarkIds.JDBC_DEFERRED_POLL),
				"PostgreSQL floor, interleaved", paired(JdbcPair.DEFERRED_POLL));
		out.row("JDBC store on PostgreSQL, in the body's transaction (one statement, then the commit)",
				rate(BenchmarkIds.JDBC_SAME_TRANSACTION),
				"PostgreSQL floor in a Spring-managed transaction, interleaved", paired(JdbcPair.SAME_TRANSACTION));
		out.row("the same", rate(BenchmarkIds.JDBC_SAME_TRANSACTION),
				"PostgreSQL floor in a transaction on a raw connection, interleaved",
				paired(JdbcPair.SAME_TRANSACTION_RAW));
		out.endTable();
		out.paragraph("The last three rows, and the floors in a transaction, come from the JDBC pairs measured side "
				+ "by side below; their ratios are the means of the rounds' ratios. The gate's transaction is begun "
				+ "and committed by Spring's transaction manager, as a `@Transactional` listener's is, so its "
				+ "like-for-like floor is the insert in a transaction that the same manager runs; against a raw "
				+ "connection the gate is also charged with Spring's transaction management.");
	}

	private void peers(Markdown out) {
		out.heading(2, "Peers, one thread, same servers")
			.tableHead("peer", "what a first delivery costs it", "figure", "our gate ÷ peer");
		Optional<Figure> gate = this.figures.rate(BenchmarkIds.REDIS_GATE_1);
		out.row("Spring Integration `IdempotentReceiverInterceptor` + `RedisMetadataStore`",
				"`HSETNX` into one hash (no expiry, no release on failure)",
				rate(BenchmarkIds.springIntegration("redis")),
				ratio(gate, this.figures.rate(BenchmarkIds.springIntegration("redis"))));
		out.row("Camel `SpringRedisIdempotentRepository` (add + confirm)",
				"`SISMEMBER` then `SADD` on one set (not atomic, no expiry)", rate(BenchmarkIds.camel("redis")),
				ratio(gate, this.figures.rate(BenchmarkIds.camel("redis"))));
		Optional<Figure> jdbcGate = this.figures.rate(BenchmarkIds.JDBC_SEPARATE);
		out.row("Spring Integration `IdempotentReceiverInterceptor` + `JdbcMetadataStore`",
				"one `INSERT … SELECT … ON CONFLICT DO NOTHING`", rate(BenchmarkIds.springIntegration("jdbc")),
				ratio(jdbcGate, this.figures.rate(BenchmarkIds.springIntegration("jdbc"))));
		out.row("Camel `JdbcMessageIdRepository` (add + confirm)",
				"a transaction: `SELECT COUNT(*)`, `INSERT`, commit", rate(BenchmarkIds.camel("jdbc")),
				ratio(jdbcGate, this.figures.rate(BenchmarkIds.camel("jdbc"))));
		out.endTable();
		out.paragraph("On JDBC, the peers are compared with the gate's separate mode (claim and completion, two "
				+ "auto-committed statements). The same-transaction mode writes one statement per message; "
				+ "`JdbcIdempotencyStoreTests` asserts that count.");
		out.paragraph("Peer versions: Spring Integration as managed by Spring Boot's BOM; Apache Camel 4.17.0, the "
				+ "newest `camel-spring-redis` that resolves from Maven Central here (4.18.0, 4.20.0 and 4.22.0 "
				+ "were tried and are not served), built for Spring 6.2 and run here on Spring 7 without a "
				+ "problem for these two classes.");
	}

	private String paired(JdbcPair pair) {
		return this.measurements.get(BenchmarkIds.paired(pair)).map((ratio) -> ratio.format() + "×").orElse("—");
	}

	private String rate(String id) {
		return format(this.figures.rate(id));
	}

	private String batchRate(String id, int size) {
		return format(this.figures.batchRate(id, size));
	}

	private String time(String id) {
		return format(this.figures.time(id));
	}

	private static String format(Optional<Figure> figure) {
		return figure.map(Figure::format).orElse(NOT_MEASURED);
	}

	private static String ratio(Optional<Figure> numerator, Optional<Figure> denominator) {
		return numerator.flatMap((n) -> denominator.map(n::over)).map((r) -> r.format() + "×").orElse("—");
	}

	private static String difference(Optional<Figure> figure, Optional<Figure> base) {
		return figure.flatMap((f) -> base.map(f::minus)).map((d) -> "+" + d.format()).orElse("—");
	}

}
