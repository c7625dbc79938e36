package dev.idempotency.benchmarks;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.autoconfigure.support.JsonResultCodec;
import dev.idempotency.benchmarks.support.Connections;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.SimulatedPoll;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.InProgressPolicy;
import dev.idempotency.core.InProgressWait;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.MissingKeyPolicy;
import dev.idempotency.core.Outcome;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.core.StoreErrorPolicy;
import dev.idempotency.core.StoreWrites;
import dev.idempotency.core.StoredResults;
import dev.idempotency.store.jdbc.JdbcIdempotencyStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The gate on the JDBC store (PostgreSQL), one thread, one connection: in separate mode (claim,
 * body, completion: two auto-committed statements), in separate mode over a simulated Kafka poll
 * with per-poll store writes (a claim statement per message, one completion statement per poll),
 * and in same-transaction mode (the record written completed by one statement inside the
 * transaction of the body, then the commit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class JdbcGateBenchmark {

	private static final String TABLE = "bench_gate_record";

	private HikariDataSource dataSource;

	private LeaseHeartbeat heartbeat;

	private IdempotencyGate gate;

	private TransactionTemplate transactions;

	private final SimulatedPoll poll = new SimulatedPoll();

	private final ConsumerPolicy policy = new ConsumerPolicy("bench-payments", Duration.ofHours(1),
			Duration.ofMinutes(5), MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);

	/**
	 * Create the table with the store's script, and the gate.
	 */
	@Setup
	public void start() {
		this.dataSource = Connections.dataSource(1);
		JdbcClient.create(this.dataSource).sql("DROP TABLE IF EXISTS " + TABLE).update();
		JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(this.dataSource)
			.tableName(TABLE)
			.createTable(true)
			.build();
		this.heartbeat = new LeaseHeartbeat();
		this.gate = IdempotencyGate.builder(store, new RecordScopes("bench", 255))
			.inProgressWait(new InProgressWait(Duration.ofMillis(50), Duration.ofSeconds(1)))
			.heartbeat(this.heartbeat)
			.results(new StoredResults(new JsonResultCodec(JsonMapper.shared()), DataSize.ofKilobytes(64)))
			.listener(IdempotencyListener.NONE)
			.deferral(this.poll.scopes())
			.build();
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

	/**
	 * Drop the table and close the pool.
	 */
	@TearDown
	public void stop() {
		this.heartbeat.close();
		JdbcClient.create(this.dataSource).sql("DROP TABLE IF EXISTS " + TABLE).update();
		this.dataSource.close();
	}

	/**
	 * One message: claim, empty body, completion, each auto-committed.
	 * @param keys fresh keys
	 * @return the outcome
	 */
	@Benchmark
	public Outcome separateTransactions(MessageKeys keys) {
		return this.gate.execute(this.policy, MessageKey.of(keys.next(), "benchmark"), () -> null).outcome();
	}

	/**
	 * One poll's messages, each claimed by its own statement (as when a key cannot be resolved
	 * before the body), then their completions in one statement before the commit.
	 * @param keys fresh keys
	 * @return how many bodies ran
	 */
	@Benchmark
	@OperationsPerInvocation(SimulatedPoll.SIZE)
	public int deferredCompletionPoll(MessageKeys keys) {
		return this.poll.run(this.gate, this.policy.withStoreWrites(StoreWrites.PER_POLL),
				keys.next(SimulatedPoll.SIZE), false, (key) -> {
				});
	}

	/**
	 * One message inside a transaction on the store's database: the record is written completed
	 * by one statement, then the transaction commits.
	 * @param keys fresh keys
	 * @return the outcome
	 */
	@Benchmark
	public Outcome sameTransaction(MessageKeys keys) {
		return this.transactions.execute((status) -> this.gate
			.execute(this.policy, MessageKey.of(keys.next(), "benchmark"), () -> null)
			.outcome());
	}

}
