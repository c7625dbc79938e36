package dev.idempotency.benchmarks.report;

import dev.idempotency.benchmarks.kafka.ListenerKind;
import dev.idempotency.benchmarks.paired.JdbcPair;

/**
 * The ids of the figures the report reads (see {@link Measurements}).
 */
public final class BenchmarkIds {

	/** The body called directly. */
	public static final String BARE_CALL = "MemoryGateBenchmark.bareCall";

	/** The body through an {@code @Idempotent} bean on the memory store. */
	public static final String MEMORY_ANNOTATED = "MemoryGateBenchmark.annotatedMethod";

	/** The body through the gate alone on the memory store. */
	public static final String MEMORY_GATE = "MemoryGateBenchmark.gateOnly";

	/** Redis claim then completion, raw, one thread. */
	public static final String REDIS_FLOOR_1 = "RedisFloorBenchmark.claimThenComplete";

	/** Redis claim then completion, raw, eight threads. */
	public static final String REDIS_FLOOR_8 = "RedisFloorBenchmark.claimThenComplete8Threads";

	/** The gate on Redis, one thread. */
	public static final String REDIS_GATE_1 = "RedisGateBenchmark.annotatedMethod";

	/** The gate on Redis, eight threads. */
	public static final String REDIS_GATE_8 = "RedisGateBenchmark.annotatedMethod8Threads";

	/** A simulated Kafka poll through the gate on Redis, claims ahead and completions per poll. */
	public static final String REDIS_POLL = "RedisPollGateBenchmark.poll";

	/** The Redis store alone, claim then complete, one thread. */
	public static final String REDIS_STORE_1 = "RedisStoreBenchmark.claimThenComplete";

	/** The gate on the JDBC store, claim and completion auto-committed. */
	public static final String JDBC_SEPARATE = "JdbcGateBenchmark.separateTransactions";

	/** The gate on the JDBC store inside a transaction on its database. */
	public static final String JDBC_SAME_TRANSACTION = "JdbcGateBenchmark.sameTransaction";

	/** The gate on the JDBC store over a simulated Kafka poll, completions per poll. */
	public static final String JDBC_DEFERRED_POLL = "JdbcGateBenchmark.deferredCompletionPoll";

	/** PostgreSQL one-statement floor. */
	public static final String POSTGRES_FLOOR = "PostgresFloorBenchmark.insertIfAbsent";

	/** PostgreSQL one-statement floor in a transaction of its own. */
	public static final String POSTGRES_TRANSACTION_FLOOR = "PostgresFloorBenchmark.insertIfAbsentInTransaction";

	/** The same floor in a transaction that Spring's transaction manager begins and commits. */
	public static final String POSTGRES_MANAGED_TRANSACTION_FLOOR =
			"PostgresFloorBenchmark.insertIfAbsentInManagedTransaction";

	/** Kafka listeners end to end (not JMH), one id per listener kind. */
	public static String kafka(ListenerKind listener) {
		return "Kafka." + listener.name();
	}

	/** The ratio of a JDBC pair measured side by side (not JMH). */
	public static String paired(JdbcPair pair) {
		return pair.gate() + " ÷ " + pair.floor();
	}

	/** The batch sizes measured. */
	public static final int[] BATCH_SIZES = { 100, 500 };

	private BenchmarkIds() {
	}

	/**
	 * The pipelined Redis floor for a batch size.
	 * @param size the batch size
	 * @return the id
	 */
	public static String redisPipelineFloor(int size) {
		return "RedisPipelineFloorBenchmark.claimThenCompletePipelined[batchSize=" + size + "]";
	}

	/**
	 * The store's batch API on Redis for a batch size.
	 * @param size the batch size
	 * @return the id
	 */
	public static String redisBatchGate(int size) {
		return "RedisBatchGateBenchmark.claimAllThenCompleteAll[batchSize=" + size + "]";
	}

	/**
	 * Spring Integration's idempotent receiver on a store.
	 * @param store {@code redis} or {@code jdbc}
	 * @return the id
	 */
	public static String springIntegration(String store) {
		return "SpringIntegrationBenchmark.interceptedHandler[store=" + store + "]";
	}

	/**
	 * Camel's idempotent repository on a store.
	 * @param store {@code redis} or {@code jdbc}
	 * @return the id
	 */
	public static String camel(String store) {
		return "CamelBenchmark.addThenConfirm[store=" + store + "]";
	}

}
