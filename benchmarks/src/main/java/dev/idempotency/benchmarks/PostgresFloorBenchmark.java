package dev.idempotency.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.benchmarks.support.Connections;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.RecordTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one-statement floor of a database store: {@code INSERT ... ON CONFLICT DO NOTHING} of one
 * record into a table shaped like the JDBC store's, with one prepared statement on one pooled
 * connection, auto-committed or in a transaction of its own ({@code BEGIN}, the insert,
 * {@code COMMIT}); and the same transaction run as an application runs it, begun and committed
 * by Spring's {@code DataSourceTransactionManager} around a {@code JdbcTemplate} insert.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class PostgresFloorBenchmark {

	private HikariDataSource dataSource;

	private Connection connection;

	private PreparedStatement insert;

	private Connection transactional;

	private PreparedStatement insertInTransaction;

	private TransactionTemplate transactions;

	private JdbcTemplate jdbc;

	/**
	 * Create the table and prepare the statement.
	 * @throws SQLException if the database fails
	 */
	@Setup
	public void prepare() throws SQLException {
		this.dataSource = Connections.dataSource(3);
		this.connection = this.dataSource.getConnection();
		RecordTable.create(this.connection);
		this.insert = this.connection.prepareStatement(RecordTable.INSERT_IF_ABSENT);
		this.transactional = this.dataSource.getConnection();
		this.transactional.setAutoCommit(false);
		this.insertInTransaction = this.transactional.prepareStatement(RecordTable.INSERT_IF_ABSENT);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	/**
	 * Drop the table and close the pool.
	 * @throws SQLException if the database fails
	 */
	@TearDown
	public void close() throws SQLException {
		this.insertInTransaction.close();
		this.transactional.close();
		this.insert.close();
		RecordTable.drop(this.connection);
		this.connection.close();
		this.dataSource.close();
	}

	/**
	 * Insert one record.
	 * @param keys fresh keys
	 * @return the row count, 1
	 * @throws SQLException if the database fails
	 */
	@Benchmark
	public int insertIfAbsent(MessageKeys keys) throws SQLException {
		this.insert.setString(1, keys.next());
		return this.insert.executeUpdate();
	}

	/**
	 * Insert one record in a transaction of its own.
	 * @param keys fresh keys
	 * @return the row count, 1
	 * @throws SQLException if the database fails
	 */
	@Benchmark
	public int insertIfAbsentInTransaction(MessageKeys keys) throws SQLException {
		this.insertInTransaction.setString(1, keys.next());
		int inserted = this.insertInTransaction.executeUpdate();
		this.transactional.commit();
		return inserted;
	}

	/**
	 * Insert one record in a transaction that Spring's transaction manager begins and commits, as
	 * the transaction of a {@code @Transactional} listener whose body inserts one row.
	 * @param keys fresh keys
	 * @return the row count, 1
	 */
	@Benchmark
	public int insertIfAbsentInManagedTransaction(MessageKeys keys) {
		Integer inserted = this.transactions
			.execute((status) -> this.jdbc.update(RecordTable.INSERT_IF_ABSENT, keys.next()));
		return (inserted != null) ? inserted : 0;
	}

}
