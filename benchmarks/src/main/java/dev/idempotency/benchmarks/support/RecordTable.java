package dev.idempotency.benchmarks.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL table shaped like the JDBC store's record table (primary key of group, consumer and
 * key; status, token, timestamps; an index on the expiry), for the one-statement floor.
 */
public final class RecordTable {

	/** The table name. */
	public static final String NAME = "bench_floor_record";

	/** Inserts an in-progress record for the key given as the only parameter, if absent. */
	public static final String INSERT_IF_ABSENT = "INSERT INTO " + NAME
			+ " (group_id, consumer, record_key, status, owner_token, created_at, expires_at)"
			+ " VALUES ('bench', 'bench-payments', ?, 'IN_PROGRESS', '0123456789abcdef0123456789abcdef',"
			+ " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + INTERVAL '5 minutes') ON CONFLICT DO NOTHING";

	private RecordTable() {
	}

	/**
	 * Create the table afresh.
	 * @param connection an auto-committing connection
	 * @throws SQLException if the database fails
	 */
	public static void create(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS " + NAME);
			statement.execute("CREATE TABLE " + NAME + " (group_id VARCHAR(255) NOT NULL,"
					+ " consumer VARCHAR(255) NOT NULL, record_key VARCHAR(255) NOT NULL,"
					+ " status VARCHAR(16) NOT NULL, owner_token VARCHAR(64), fingerprint VARCHAR(64), result TEXT,"
					+ " created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL,"
					+ " PRIMARY KEY (group_id, consumer, record_key))");
			statement.execute("CREATE INDEX " + NAME + "_expires_at ON " + NAME + " (expires_at)");
		}
	}

	/**
	 * Drop the table.
	 * @param connection an auto-committing connection
	 * @throws SQLException if the database fails
	 */
	public static void drop(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS " + NAME);
		}
	}

}
