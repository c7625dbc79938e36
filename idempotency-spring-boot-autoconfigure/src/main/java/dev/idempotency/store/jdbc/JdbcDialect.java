package dev.idempotency.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What differs between databases in the statements of {@link JdbcIdempotencyStore}: the database
 * clock, the conditional insert of a claim and the bounded delete of expired records. Each claim
 * statement writes the record only if it is absent or expired, atomically in the database.
 */
abstract class JdbcDialect {

	/**
	 * Return the dialect of a database, by the product name its JDBC driver reports.
	 * @param productName such as {@code "PostgreSQL"}
	 * @return the dialect
	 * @throws IllegalStateException for a database without a dialect
	 */
	static JdbcDialect of(String productName) {
		String name = productName.toLowerCase(Locale.ROOT);
		if (name.contains("postgres")) {
			return new PostgresDialect();
		}
		if (name.contains("mariadb") || name.contains("mysql")) {
			return new MariaDbDialect();
		}
		if (name.equals("h2")) {
			return new H2Dialect();
		}
		throw new IllegalStateException("The JDBC idempotency store supports PostgreSQL, MariaDB, MySQL and H2, not "
				+ productName + ". Use another store, or define an IdempotencyStore bean of your own.");
	}

	/**
	 * Return the platform name of the shipped schema script, {@code schema-<platform>.sql}.
	 */
	abstract String platform();

	/**
	 * Return the database's current time.
	 */
	abstract String now();

	/**
	 * Return the database's current time plus a number of milliseconds given as one parameter.
	 */
	abstract String nowPlusMillis();

	/**
	 * Return the statement that writes a record unless a live one exists, other than an in-progress
	 * one under the same owner token. Parameters: group, consumer, key, status, owner token,
	 * fingerprint, milliseconds to live.
	 */
	abstract String claim(String table);

	/**
	 * Whether {@link #claim} answers the owner token of the record it wrote (and nothing when it
	 * wrote none), saving the read that otherwise follows it.
	 */
	boolean claimReturnsToken() {
		return false;
	}

	/**
	 * Return the statement that claims many distinct records at once, each as {@link #claim} does,
	 * and answers the keys ({@code group_id}, {@code consumer}, {@code record_key}) of the records
	 * it wrote; its parameters are {@link #claimAllParameters}. By default none: claims are sent
	 * as a JDBC batch of single claims.
	 */
	@Nullable String claimAll(String table) {
		return null;
	}

	/**
	 * Return the parameters of {@link #claimAll} for claims sorted by key.
	 */
	Object[] claimAllParameters(List<OwnedClaim> claims, Duration lease) {
		throw new UnsupportedOperationException();
	}

	/**
	 * Return the statement that changes the records of many claims at once, where each is still
	 * owned by its claim's token and live: it applies {@code assignments} where {@code condition}
	 * holds too, and answers the keys ({@code group_id}, {@code consumer}, {@code record_key}) of
	 * the records it changed. Its parameters are those of the assignments, then
	 * {@link #ownedParameters}. By default none: such changes are a JDBC batch of single updates.
	 * @param table the table
	 * @param assignments the {@code SET} clause, without the keyword
	 * @param condition more conditions on the record {@code r}, each starting with {@code AND}
	 */
	@Nullable String updateOwnedAll(String table, String assignments, String condition) {
		return null;
	}

	/**
	 * Return the parameters of {@link #updateOwnedAll} that name the claims.
	 */
	Object[] ownedParameters(List<OwnedClaim> claims) {
		throw new UnsupportedOperationException();
	}

	/**
	 * Return what follows a read of a record so that it sees the latest committed state even
	 * inside a transaction that read before.
	 */
	String latestCommitted() {
		return "";
	}

	/**
	 * Read a timestamp column as an instant.
	 */
	Instant instant(ResultSet row, String column) throws SQLException {
		return row.getObject(column, OffsetDateTime.class).toInstant();
	}

	/**
	 * Delete at most {@code batchSize} expired records, skipping rows other transactions hold;
	 * called inside a short transaction. By default one statement, {@link #cleanup(String)}.
	 * @return the number of records deleted
	 */
	int deleteExpired(JdbcTemplate jdbc, String table, int batchSize) {
		return jdbc.update(cleanup(table), batchSize);
	}

	/**
	 * Return the statement of a cleanup batch, whose one parameter is the batch size.
	 */
	abstract String cleanup(String table);

	/**
	 * PostgreSQL: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE expired RETURNING}.
	 */
	static final class PostgresDialect extends JdbcDialect {

		@Override
		String platform() {
			return "postgresql";
		}

		@Override
		String now() {
			return "CURRENT_TIMESTAMP";
		}

		@Override
		String nowPlusMillis() {
			return "CURRENT_TIMESTAMP + CAST(? AS DOUBLE PRECISION) * INTERVAL '1 millisecond'";
		}

		@Override
		String claim(String table) {
			return "INSERT INTO " + table + " AS r (group_id, consumer, record_key, status, owner_token, fingerprint, "
					+ "result, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, NULL, CURRENT_TIMESTAMP, "
					+ nowPlusMillis() + ") ON CONFLICT (group_id, consumer, record_key) DO UPDATE SET "
					+ "status = EXCLUDED.status, owner_token = EXCLUDED.owner_token, fingerprint = EXCLUDED.fingerprint, "
					+ "result = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at "
					+ "WHERE r.expires_at <= CURRENT_TIMESTAMP OR (r.status = 'IN_PROGRESS' AND r.owner_token = "
					+ "EXCLUDED.owner_token) RETURNING r.owner_token";
		}

		@Override
		boolean claimReturnsToken() {
			return true;
		}

		/**
		 * One upsert of the claims unnested from arrays, in the order given, so that concurrent
		 * batches lock their rows in the same order.
		 */
		@Override
		String claimAll(String table) {
			return "INSERT INTO " + table + " AS r (group_id, consumer, record_key, status, owner_token, fingerprint, "
					+ "result, created_at, expires_at) SELECT v.g, v.c, v.k, 'IN_PROGRESS', v.o, NULL, NULL, "
					+ "CURRENT_TIMESTAMP, " + nowPlusMillis() + " FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), "
					+ "CAST(? AS TEXT[]), CAST(? AS TEXT[])) WITH ORDINALITY AS v (g, c, k, o, n) ORDER BY v.n "
					+ "ON CONFLICT (group_id, consumer, record_key) DO UPDATE SET status = EXCLUDED.status, "
					+ "owner_token = EXCLUDED.owner_token, fingerprint = EXCLUDED.fingerprint, result = NULL, "
					+ "created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at WHERE r.expires_at <= "
					+ "CURRENT_TIMESTAMP OR (r.status = 'IN_PROGRESS' AND r.owner_token = EXCLUDED.owner_token) "
					+ "RETURNING r.group_id, r.consumer, r.record_key";
		}

		@Override
		Object[] claimAllParameters(List<OwnedClaim> claims, Duration lease) {
			Object[] owned = ownedParameters(claims);
			return new Object[] { lease.toMillis(), owned[0], owned[1], owned[2], owned[3] };
		}

		/**
		 * One update of the records joined with the claims unnested from arrays.
		 */
		@Override
		String updateOwnedAll(String table, String assignments, String condition) {
			return "UPDATE " + table + " AS r SET " + assignments + " FROM unnest(CAST(? AS TEXT[]), "
					+ "CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS v (g, c, k, o) "
					+ "WHERE r.group_id = v.g AND r.consumer = v.c AND r.record_key = v.k AND r.owner_token = v.o "
					+ "AND r.expires_at > CURRENT_TIMESTAMP" + condition
					+ " RETURNING r.group_id, r.consumer, r.record_key";
		}

		@Override
		Object[] ownedParameters(List<OwnedClaim> claims) {
			return new Object[] { column(claims, RecordScope::group), column(claims, RecordScope::consumer),
					column(claims, RecordScope::key), claims.stream().map(OwnedClaim::token).toArray(String[]::new) };
		}

		private static String[] column(List<OwnedClaim> claims, Function<RecordScope, String> value) {
			return claims.stream().map((claim) -> value.apply(claim.scope())).toArray(String[]::new);
		}

		@Override
		String cleanup(String table) {
			return "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table
					+ " WHERE expires_at <= CURRENT_TIMESTAMP LIMIT ? FOR UPDATE SKIP LOCKED)";
		}

	}

	/**
	 * MariaDB and MySQL: {@code INSERT ... ON DUPLICATE KEY UPDATE} whose every assignment keeps
	 * the old value of a live record not claimed under the same token. Times are UTC, whatever the
	 * session's time zone.
	 */
	static final class MariaDbDialect extends JdbcDialect {

		private static final String EXPIRED = "expires_at <= UTC_TIMESTAMP(6)";

		private static final String TAKEN_OVER = "(" + EXPIRED
				+ " OR (status = 'IN_PROGRESS' AND owner_token = VALUES(owner_token)))";

		@Override
		String platform() {
			return "mariadb";
		}

		@Override
		String now() {
			return "UTC_TIMESTAMP(6)";
		}

		@Override
		String nowPlusMillis() {
			return "TIMESTAMPADD(MICROSECOND, ? * 1000, UTC_TIMESTAMP(6))";
		}

		@Override
		String claim(String table) {
			// expires_at is assigned last: MariaDB evaluates the assignments in order, and the
			// conditions before it must see the old expiry. The status and owner token they read
			// change only when the claim is taken over, so every condition answers alike.
			return "INSERT INTO " + table + " (group_id, consumer, record_key, status, owner_token, fingerprint, result, "
					+ "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, NULL, UTC_TIMESTAMP(6), " + nowPlusMillis()
					+ ") ON DUPLICATE KEY UPDATE " + takeOver("status") + ", " + takeOver("owner_token") + ", "
					+ takeOver("fingerprint") + ", result = IF(" + TAKEN_OVER + ", NULL, result), " + takeOver("created_at")
					+ ", " + takeOver("expires_at");
		}

		@Override
		String latestCommitted() {
			// REPEATABLE READ, MariaDB's default, would answer from the transaction's snapshot
			return " LOCK IN SHARE MODE";
		}

		@Override
		Instant instant(ResultSet row, String column) throws SQLException {
			return row.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
		}

		private static String takeOver(String column) {
			return column + " = IF(" + TAKEN_OVER + ", VALUES(" + column + "), " + column + ")";
		}

		/**
		 * Lock a batch of expired rows, skipping those others hold, then delete them one key at a
		 * time in one JDBC batch. {@code DELETE ... LIMIT} would lock rows in index order and can
		 * deadlock with another cleaner; a delete of several keys by {@code IN} is a range scan,
		 * which MariaDB lets wait on the row after a key even when it deletes no more than the key,
		 * so that the cleaner could wait on, and deadlock with, a live claim. Deleting rows this
		 * transaction has locked by their whole key waits on nothing.
		 */
		@Override
		int deleteExpired(JdbcTemplate jdbc, String table, int batchSize) {
			List<Object[]> keys = jdbc.query(cleanup(table),
					(row, number) -> new Object[] { row.getString(1), row.getString(2), row.getString(3) }, batchSize);
			if (!keys.isEmpty()) {
				jdbc.batchUpdate("DELETE FROM " + table + " WHERE group_id = ? AND consumer = ? AND record_key = ?",
						keys);
			}
			// each key is a row this transaction holds, so each delete removed one
			return keys.size();
		}

		@Override
		String cleanup(String table) {
			return "SELECT group_id, consumer, record_key FROM " + table + " WHERE " + EXPIRED
					+ " ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED";
		}

	}

	/**
	 * H2: {@code MERGE ... WHEN MATCHED AND expired}.
	 */
	static final class H2Dialect extends JdbcDialect {

		@Override
		String platform() {
			return "h2";
		}

		@Override
		String now() {
			return "CURRENT_TIMESTAMP";
		}

		@Override
		String nowPlusMillis() {
			return "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
		}

		@Override
		String claim(String table) {
			return "MERGE INTO " + table + " r USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(255)), "
					+ "CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)), "
					+ nowPlusMillis() + ")) s (group_id, consumer, record_key, status, owner_token, fingerprint, "
					+ "expires_at) ON r.group_id = s.group_id AND r.consumer = s.consumer AND r.record_key = s.record_key "
					+ "WHEN MATCHED AND (r.expires_at <= CURRENT_TIMESTAMP OR (r.status = 'IN_PROGRESS' AND "
					+ "r.owner_token = s.owner_token)) THEN UPDATE SET status = s.status, "
					+ "owner_token = s.owner_token, fingerprint = s.fingerprint, result = NULL, "
					+ "created_at = CURRENT_TIMESTAMP, expires_at = s.expires_at WHEN NOT MATCHED THEN INSERT "
					+ "(group_id, consumer, record_key, status, owner_token, fingerprint, result, created_at, expires_at) "
					+ "VALUES (s.group_id, s.consumer, s.record_key, s.status, s.owner_token, s.fingerprint, NULL, "
					+ "CURRENT_TIMESTAMP, s.expires_at)";
		}

		@Override
		String cleanup(String table) {
			return "DELETE FROM " + table + " WHERE expires_at <= CURRENT_TIMESTAMP FETCH FIRST ? ROWS ONLY";
		}

	}

}
