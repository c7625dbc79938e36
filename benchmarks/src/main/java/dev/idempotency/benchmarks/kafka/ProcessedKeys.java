package dev.idempotency.benchmarks.kafka;

import dev.idempotency.benchmarks.support.RecordTable;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deduplication written by hand, as an application would write it without the gate: the
 * payment's key inserted into a table shaped like the JDBC store's record table unless present,
 * in the caller's transaction. The table is created empty for the pass.
 */
public class ProcessedKeys {

	private final JdbcTemplate jdbc;

	/**
	 * Create the table afresh.
	 * @param jdbc the template on the PostgreSQL database
	 */
	public ProcessedKeys(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			RecordTable.create(connection);
			return null;
		});
	}

	/**
	 * Record a key unless it is present.
	 * @param key the key
	 * @return whether the key was new
	 */
	public boolean add(String key) {
		return this.jdbc.update(RecordTable.INSERT_IF_ABSENT, key) == 1;
	}

}
