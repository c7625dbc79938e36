package dev.idempotency.store.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.ExpiredRecordDeletion;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.store.TransactionalClaims;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * An {@link IdempotencyStore} on a relational database (PostgreSQL, MariaDB, MySQL
 * or H2) through Spring JDBC.
 *
 * <p>A record is one row of the table (by default {@code idempotency_record}), keyed by
 * {@code group_id}, {@code consumer} and {@code record_key}. A claim is one conditional statement
 * that writes the row only if it is absent or expired; every expiry is computed and compared by
 * the database's clock, never the application's. Inside a transaction on the store's
 * {@code DataSource}, {@link #claimCompleted} writes the row completed within that transaction, so
 * that it commits or rolls back with the listener's own writes.
 *
 * <p>Expired rows are left in place until its {@link #expiredRecordDeletion() deletion} removes
 * them (see {@code RecordCleanup}). The store offers both optional capabilities of the SPI.
 */
public class JdbcIdempotencyStore implements IdempotencyStore, TransactionalClaims {

	/** The default table name, as in the shipped schema scripts. */
	public static final String DEFAULT_TABLE_NAME = "idempotency_record";

	private static final int MAX_CLAIM_ATTEMPTS = 3;

	/** The most records one batch claims, well within every database's limit of parameters. */
	private static final int MAX_BATCH = 1000;

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final JdbcDialect dialect;

	private final String table;

	private final Statements sql;

	private final JdbcBatchWrites batches;

	private final JdbcExpiredRecordDeletion deletion;

	private JdbcIdempotencyStore(DataSource dataSource, JdbcDialect dialect, String table) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.dialect = dialect;
		this.table = table;
		this.sql = new Statements(dialect, table);
		this.batches = new JdbcBatchWrites(dataSource, dialect, table, this.sql.complete, this.sql.extend,
				this.sql.release);
		this.deletion = new JdbcExpiredRecordDeletion(dataSource, dialect, table);
	}

	/**
	 * Start building a store on {@code dataSource}.
	 * @param dataSource the data source of the database that holds the table
	 * @return the builder
	 */
	public static Builder builder(DataSource dataSource) {
		return new Builder(dataSource);
	}

	@Override
	public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
		return write(scope, token, RecordStatus.IN_PROGRESS, lease, fingerprint);
	}

	/**
	 * Whether a transaction is active on this store's {@code DataSource}: the thread holds a
	 * connection of it that is out of auto-commit. A connection that {@code DataSourceUtils} bound
	 * to the thread only for the synchronization of another resource's transaction (a Kafka
	 * transaction, JPA on another database) commits every statement at once and does not count.
	 */
	@Override
	public boolean isTransactionActive() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| !(TransactionSynchronizationManager.getResource(this.dataSource) instanceof ConnectionHolder holder)) {
			return false;
		}
		try {
			return !holder.getConnection().getAutoCommit();
		}
		catch (SQLException ex) {
			throw new CannotGetJdbcConnectionException("Cannot tell whether the idempotency store's connection "
					+ "is in a transaction", ex);
		}
	}

	@Override
	public ClaimResult claimCompleted(RecordScope scope, String token, Duration ttl, @Nullable String fingerprint) {
		return write(scope, token, RecordStatus.COMPLETED, ttl, fingerprint);
	}

	/**
	 * Write a claim; if the record the statement found live has expired before it could be read,
	 * write again: the next statement takes it over.
	 */
	private ClaimResult write(RecordScope scope, String token, RecordStatus status, Duration expiry,
			@Nullable String fingerprint) {
		Optional<ClaimResult> answer = Optional.empty();
		for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS && answer.isEmpty(); attempt++) {
			answer = writeOnce(scope, token, status, expiry, fingerprint);
		}
		return answer.orElse(ClaimResult.inProgress());
	}

	private Optional<ClaimResult> writeOnce(RecordScope scope, String token, RecordStatus status, Duration expiry,
			@Nullable String fingerprint) {
		JdbcClient.StatementSpec claim = this.jdbc.sql(this.sql.claim)
			.params(scope.group(), scope.consumer(), scope.key(), status.name(), token, fingerprint, expiry.toMillis());
		try {
			if (this.dialect.claimReturnsToken()) {
				if (claim.query(String.class).optional().isPresent()) {
					return Optional.of(ClaimResult.acquired(token));
				}
			}
			else {
				claim.update();
			}
		}
		catch (DuplicateKeyException ex) {
			// a concurrent claim inserted the record first: read what it wrote
		}
		return read(scope, token, status);
	}

	/**
	 * Read what a claim statement left, or nothing if the record has expired since.
	 */
	private Optional<ClaimResult> read(RecordScope scope, String token, RecordStatus written) {
		return this.jdbc.sql(this.sql.readClaim)
			.params(scope.group(), scope.consumer(), scope.key())
			.query((row, number) -> {
				String status = row.getString("status");
				if (token.equals(row.getString("owner_token")) && written.name().equals(status)) {
					return ClaimResult.acquired(token);
				}
				return RecordStatus.COMPLETED.name().equals(status)
						? ClaimResult.duplicate(row.getString("result"), row.getString("fingerprint"))
						: ClaimResult.inProgress(row.getString("fingerprint"));
			})
			.optional();
	}

	/**
	 * Claim the records in batches of at most {@value #MAX_BATCH} distinct records, each one
	 * statement or JDBC batch and one read; a record that appears again in the list is claimed on
	 * its own after them, so that it is answered as by claims in order.
	 */
	@Override
	public List<ClaimResult> claimAll(List<OwnedClaim> claims, Duration lease) {
		ClaimResult[] answers = new ClaimResult[claims.size()];
		Map<RecordScope, Integer> first = new HashMap<>();
		List<Integer> again = new ArrayList<>();
		for (int i = 0; i < claims.size(); i++) {
			if (first.putIfAbsent(claims.get(i).scope(), i) != null) {
				again.add(i);
			}
		}
		List<Integer> distinct = first.values().stream().sorted().toList();
		for (int from = 0; from < distinct.size(); from += MAX_BATCH) {
			claimDistinct(claims, distinct.subList(from, Math.min(from + MAX_BATCH, distinct.size())), lease, answers);
		}
		again.forEach((i) -> answers[i] = claim(claims.get(i).scope(), claims.get(i).token(), lease));
		return List.of(answers);
	}

	/**
	 * Claim distinct records; those that expired between the write and the read are written again.
	 */
	private void claimDistinct(List<OwnedClaim> claims, List<Integer> positions, Duration lease,
			ClaimResult[] answers) {
		List<Integer> unanswered = positions;
		for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS && !unanswered.isEmpty(); attempt++) {
			Map<RecordScope, ClaimResult> found = this.batches
				.claim(unanswered.stream().map(claims::get).toList(), lease);
			unanswered.forEach((i) -> answers[i] = found.get(claims.get(i).scope()));
			unanswered = unanswered.stream().filter((i) -> answers[i] == null).toList();
		}
		unanswered.forEach((i) -> answers[i] = ClaimResult.inProgress());
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		return this.jdbc.sql(this.sql.complete)
			.params(result, ttl.toMillis(), scope.group(), scope.consumer(), scope.key(), token)
			.update() == 1;
	}

	/**
	 * Complete the claims in one JDBC batch of single completions, whose update counts answer for
	 * each claim exactly; drivers send a batch in one or a few round trips.
	 */
	@Override
	public List<Boolean> completeAll(List<OwnedClaim> claims, Duration ttl) {
		return claims.isEmpty() ? List.of() : this.batches.complete(claims, ttl);
	}

	/**
	 * Release the claims in one JDBC batch.
	 */
	@Override
	public void releaseAll(List<OwnedClaim> claims) {
		if (!claims.isEmpty()) {
			this.batches.release(claims);
		}
	}

	@Override
	public void release(RecordScope scope, String token) {
		this.jdbc.sql(this.sql.release).params(scope.group(), scope.consumer(), scope.key(), token).update();
	}

	/**
	 * Extend the claims in one JDBC batch of single extensions.
	 */
	@Override
	public List<Boolean> extendAll(List<OwnedClaim> claims, Duration lease) {
		return claims.isEmpty() ? List.of() : this.batches.extend(claims, lease);
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		return this.jdbc.sql(this.sql.extend)
			.params(lease.toMillis(), scope.group(), scope.consumer(), scope.key(), token)
			.update() == 1;
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordScope scope) {
		return this.jdbc.sql(this.sql.find)
			.params(scope.group(), scope.consumer(), scope.key())
			.query((row, number) -> new IdempotencyRecord(scope, RecordStatus.valueOf(row.getString("status")),
					row.getString("owner_token"), this.dialect.instant(row, "expires_at"), row.getString("result"),
					row.getString("fingerprint")))
			.optional();
	}

	@Override
	public boolean delete(RecordScope scope) {
		return this.jdbc.sql(this.sql.delete).params(scope.group(), scope.consumer(), scope.key()).update() > 0;
	}

	@Override
	public Optional<TransactionalClaims> transactionalClaims() {
		return Optional.of(this);
	}

	@Override
	public Optional<ExpiredRecordDeletion> expiredRecordDeletion() {
		return Optional.of(this.deletion);
	}

	@Override
	public String type() {
		return "jdbc";
	}

	@Override
	public String description() {
		return "jdbc (" + this.dialect.platform() + ", table " + this.table + ")";
	}

	/**
	 * The statements of one table in one dialect, built once.
	 */
	private static final class Statements {

		final String claim;

		final String readClaim;

		final String complete;

		final String release;

		final String extend;

		final String find;

		final String delete;

		Statements(JdbcDialect dialect, String table) {
			String byScope = " WHERE group_id = ? AND consumer = ? AND record_key = ?";
			String live = " AND expires_at > " + dialect.now();
			this.claim = dialect.claim(table);
			this.readClaim = "SELECT status, owner_token, result, fingerprint FROM " + table + byScope + live
					+ dialect.latestCommitted();
			this.complete = "UPDATE " + table + " SET status = 'COMPLETED', owner_token = NULL, result = ?, expires_at = "
					+ dialect.nowPlusMillis() + byScope + " AND owner_token = ?" + live;
			this.release = "DELETE FROM " + table + byScope + " AND owner_token = ?";
			this.extend = "UPDATE " + table + " SET expires_at = " + dialect.nowPlusMillis() + byScope
					+ " AND owner_token = ? AND status = 'IN_PROGRESS'" + live;
			this.find = "SELECT status, owner_token, result, fingerprint, expires_at FROM " + table + byScope + live;
			this.delete = "DELETE FROM " + table + byScope + live;
		}

	}

	/**
	 * Builds a {@link JdbcIdempotencyStore}: detects the database, creates the table if asked to,
	 * and checks that it exists.
	 */
	public static final class Builder {

		private final DataSource dataSource;

		private String tableName = DEFAULT_TABLE_NAME;

		private boolean createTable;

		private Builder(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		/**
		 * Set the table name, {@value #DEFAULT_TABLE_NAME} by default.
		 * @param tableName a plain SQL identifier
		 * @return this builder
		 */
		public Builder tableName(String tableName) {
			Assert.isTrue(SqlIdentifiers.isPlain(tableName), () -> "tableName must be a plain SQL identifier, not '"
					+ tableName + "'");
			this.tableName = tableName;
			return this;
		}

		/**
		 * Set whether to run the shipped schema script of the database when the store is built.
		 * The script creates the table only if it does not exist.
		 * @param createTable {@code true} to run it
		 * @return this builder
		 */
		public Builder createTable(boolean createTable) {
			this.createTable = createTable;
			return this;
		}

		/**
		 * Build the store.
		 * @return the store
		 * @throws IllegalStateException if the database is unreachable or not supported, or the
		 * table does not exist
		 */
		public JdbcIdempotencyStore build() {
			JdbcDialect dialect = JdbcDialect.of(productName());
			JdbcSchema schema = new JdbcSchema(this.dataSource, dialect, this.tableName);
			if (this.createTable) {
				schema.create();
			}
			schema.requireTable();
			return new JdbcIdempotencyStore(this.dataSource, dialect, this.tableName);
		}

		private String productName() {
			try {
				return JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getDatabaseProductName);
			}
			catch (MetaDataAccessException ex) {
				throw new IllegalStateException("The idempotency store cannot reach its database to detect its type: "
						+ ex.getMostSpecificCause().getMessage() + ". Check the DataSource's URL and credentials.", ex);
			}
		}

	}

}
