package dev.idempotency.benchmarks.paired;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.idempotency.benchmarks.JdbcGateBenchmark;
import dev.idempotency.benchmarks.PostgresFloorBenchmark;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.SimulatedPoll;

/**
 * The JDBC gate against its PostgreSQL floors, their operations interleaved, instead of a minute
 * apart as JMH runs them. Every commit waits for PostgreSQL's write-ahead log to reach the disk,
 * and on a shared disk that wait drifts by a factor of two within a minute, and varies from one
 * second to the next: the ratio of two JMH figures taken a minute apart says as much about the
 * disk as about the gate, and so does that of two adjacent one-second slices. Here each round of
 * a {@link JdbcPair} runs one operation of the gate, then one of the floor, then the floor's
 * first, and so on, and times each on its own; a side's rate is its messages over its own time.
 *
 * <p>The benchmarks' own code runs, on the calling thread, after a warm-up of every pair: an
 * operation takes hundreds of microseconds, so the loop around it does not count, but the gate's
 * code runs interpreted for its first ten thousand messages or so, at several times the CPU cost.
 *
 * @param warmup how long each pair runs before the rounds
 * @param rounds measured rounds
 * @param round how long each round of a pair runs
 */
public record InterleavedPairs(Duration warmup, int rounds, Duration round) {

	/**
	 * The run as configured by system properties ({@code bench.pairs.warmup.seconds},
	 * {@code bench.pairs.rounds}, {@code bench.pairs.round.seconds}), else a warm-up of 10 seconds
	 * per pair and 6 rounds of 2 seconds.
	 * @return the run
	 */
	public static InterleavedPairs fromSystemProperties() {
		return new InterleavedPairs(Duration.ofSeconds(Integer.getInteger("bench.pairs.warmup.seconds", 10)),
				Integer.getInteger("bench.pairs.rounds", 6),
				Duration.ofSeconds(Integer.getInteger("bench.pairs.round.seconds", 2)));
	}

	/**
	 * Describe the settings for the report.
	 * @return the description
	 */
	public String describe() {
		return "a warm-up of " + this.warmup.toSeconds() + " s per pair, then " + this.rounds + " rounds of "
				+ this.round.toSeconds() + " s per pair, the gate's and the floor's operations interleaved";
	}

	/**
	 * Set up the floors and the gate, warm them up, and time every round of every pair.
	 * @return the rounds, in order
	 * @throws SQLException if the database fails
	 */
	public List<PairedRound> run() throws SQLException {
		PostgresFloorBenchmark floor = new PostgresFloorBenchmark();
		JdbcGateBenchmark gate = new JdbcGateBenchmark();
		MessageKeys keys = new MessageKeys();
		floor.prepare();
		gate.start();
		try {
			Operation sameTransaction = () -> {
				gate.sameTransaction(keys);
				return 1;
			};
			Map<JdbcPair, Sides> pairs = new EnumMap<>(JdbcPair.class);
			pairs.put(JdbcPair.SAME_TRANSACTION,
					new Sides(sameTransaction, () -> floor.insertIfAbsentInManagedTransaction(keys)));
			pairs.put(JdbcPair.SAME_TRANSACTION_RAW,
					new Sides(sameTransaction, () -> floor.insertIfAbsentInTransaction(keys)));
			pairs.put(JdbcPair.DEFERRED_POLL, new Sides(() -> gate.deferredCompletionPoll(keys), () -> {
				for (int i = 0; i < SimulatedPoll.SIZE; i++) {
					floor.insertIfAbsent(keys);
				}
				return SimulatedPoll.SIZE;
			}));
			for (Map.Entry<JdbcPair, Sides> pair : pairs.entrySet()) {
				run(pair.getKey(), 0, pair.getValue(), this.warmup);
			}
			List<PairedRound> measured = new ArrayList<>();
			for (int round = 1; round <= this.rounds; round++) {
				for (Map.Entry<JdbcPair, Sides> pair : pairs.entrySet()) {
					measured.add(run(pair.getKey(), round, pair.getValue(), this.round));
				}
			}
			return measured;
		}
		finally {
			gate.stop();
			floor.close();
		}
	}

	/**
	 * Run the gate's operation and the floor's in turn, each first every other time, for
	 * {@code time}.
	 */
	private static PairedRound run(JdbcPair pair, int round, Sides sides, Duration time) throws SQLException {
		Side gate = new Side(sides.gate());
		Side floor = new Side(sides.floor());
		long end = System.nanoTime() + time.toNanos();
		boolean gateFirst = true;
		do {
			(gateFirst ? gate : floor).runOnce();
			(gateFirst ? floor : gate).runOnce();
			gateFirst = !gateFirst;
		}
		while (System.nanoTime() < end);
		return new PairedRound(pair, round, gate.rate(), floor.rate());
	}

	/**
	 * One operation of a benchmark.
	 */
	@FunctionalInterface
	private interface Operation {

		/**
		 * Run the operation once.
		 * @return how many messages it wrote
		 * @throws SQLException if the database fails
		 */
		int run() throws SQLException;

	}

	/**
	 * The operations of a pair.
	 */
	private record Sides(Operation gate, Operation floor) {
	}

	/**
	 * One side of a pair: its operation, and the messages and time of its runs so far.
	 */
	private static final class Side {

		private final Operation operation;

		private long messages;

		private long nanos;

		Side(Operation operation) {
			this.operation = operation;
		}

		void runOnce() throws SQLException {
			long start = System.nanoTime();
			this.messages += this.operation.run();
			this.nanos += System.nanoTime() - start;
		}

		double rate() {
			return this.messages * 1e9 / this.nanos;
		}

	}

}
