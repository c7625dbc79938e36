package dev.idempotency.store.jdbc;

import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batch operations of {@link JdbcIdempotencyStore}: claims, completions, extensions and
 * releases of many distinct records in one statement or one JDBC batch each, instead of one
 * statement per record.
 *
 * <p>Every batch works on its records sorted by key, so that concurrent batches over overlapping
 * records lock the rows in the same order and never deadlock; answers are mapped back to the
 * caller's order. A claim batch is the dialect's {@link JdbcDialect#claimAll claimAll} statement
 * where it has one (PostgreSQL: one conditional upsert of all records that returns the keys it
 * took), else a JDBC batch of single claims; then one read of the records it did not take tells
 * the duplicates from the claims in progress, exactly as a single claim does. Completions and
 * extensions are likewise the dialect's {@link JdbcDialect#updateOwnedAll updateOwnedAll}
 * statement where it has one, else a JDBC batch of single updates.
 */
final class JdbcBatchWrites {

	private static final Comparator<OwnedClaim> BY_KEY = Comparator
		.comparing((OwnedClaim claim) -> claim.scope().group())
		.thenComparing((claim) -> claim.scope().consumer())
		.thenComparing((claim) -> claim.scope().key());

	/** Reads the key of a record from the first three columns of a row. */
	private static final RowMapper<RecordScope> SCOPES = (row, number) -> new RecordScope(row.getString(1),
			row.getString(2), row.getString(3));

	private final JdbcTemplate jdbc;

	private final JdbcDialect dialect;

	private final String table;

	private final String claim;

	private final @Nullable String claimAll;

	private final String complete;

	private final String extend;

	private final @Nullable String completeAll;

	private final @Nullable String extendAll;

	private final String release;

	private final TransactionTemplate transactions;

	JdbcBatchWrites(DataSource dataSource, JdbcDialect dialect, String table, String complete, String extend,
			String release) {
		this.jdbc = new JdbcTemplate(dataSource);
		// one commit for the whole batch instead of one per record; sorted rows cannot deadlock
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.dialect = dialect;
		this.table = table;
		this.claim = dialect.claim(table);
		this.claimAll = dialect.claimAll(table);
		this.complete = complete;
		this.extend = extend;
		this.completeAll = dialect.updateOwnedAll(table,
				"status = 'COMPLETED', owner_token = NULL, result = NULL, expires_at = " + dialect.nowPlusMillis(), "");
		this.extendAll = dialect.updateOwnedAll(table, "expires_at = " + dialect.nowPlusMillis(),
				" AND r.status = 'IN_PROGRESS'");
		this.release = release;
	}

	/**
	 * Claim distinct records, sorted by key, for their owner tokens.
	 * @return the answer of each claim found, by record; records that expired between the write
	 * and the read are missing
	 */
	Map<RecordScope, ClaimResult> claim(List<OwnedClaim> claims, Duration lease) {
		List<OwnedClaim> sorted = sorted(claims);
		Map<RecordScope, ClaimResult> answers = new HashMap<>();
		List<OwnedClaim> unread = sorted;
		try {
			if (this.claimAll != null) {
				Set<RecordScope> taken = new HashSet<>(this.jdbc.query(this.claimAll,
						SCOPES,
						this.dialect.claimAllParameters(sorted, lease)));
				sorted.stream()
					.filter((claim) -> taken.contains(claim.scope()))
					.forEach((claim) -> answers.put(claim.scope(), ClaimResult.acquired(claim.token())));
				unread = sorted.stream().filter((claim) -> !taken.contains(claim.scope())).toList();
			}
			else {
				List<Object[]> rows = sorted.stream()
					.map((claim) -> new Object[] { claim.scope().group(), claim.scope().consumer(), claim.scope().key(),
							RecordStatus.IN_PROGRESS.name(), claim.token(), null, lease.toMillis() })
					.toList();
				this.transactions.executeWithoutResult((status) -> this.jdbc.batchUpdate(this.claim, rows));
			}
		}
		catch (DuplicateKeyException | PessimisticLockingFailureException ex) {
			// a concurrent claim inserted a record first, or the database chose this batch to break
			// a lock cycle: read what is there, and the caller claims the unanswered again
		}
		if (!unread.isEmpty()) {
			answers.putAll(read(unread));
		}
		return answers;
	}

	/**
	 * Read what the claims left of their records, in one statement.
	 */
	private Map<RecordScope, ClaimResult> read(List<OwnedClaim> claims) {
		Map<RecordScope, String> tokens = new HashMap<>();
		claims.forEach((claim) -> tokens.put(claim.scope(), claim.token()));
		String keys = String.join(", ", Collections.nCopies(claims.size(), "(?, ?, ?)"));
		Object[] parameters = claims.stream()
			.flatMap((claim) -> List.of(claim.scope().group(), claim.scope().consumer(), claim.scope().key()).stream())
			.toArray();
		Map<RecordScope, ClaimResult> answers = new HashMap<>();
		this.jdbc.query("SELECT group_id, consumer, record_key, status, owner_token, result, fingerprint FROM "
				+ this.table + " WHERE (group_id, consumer, record_key) IN (" + keys + ") AND expires_at > "
				+ this.dialect.now() + this.dialect.latestCommitted(), (row) -> {
					RecordScope scope = new RecordScope(row.getString(1), row.getString(2), row.getString(3));
					String status = row.getString(4);
					String token = tokens.get(scope);
					answers.put(scope, (token != null && token.equals(row.getString(5))
							&& RecordStatus.IN_PROGRESS.name().equals(status)) ? ClaimResult.acquired(token)
									: RecordStatus.COMPLETED.name().equals(status)
											? ClaimResult.duplicate(row.getString(6), row.getString(7))
											: ClaimResult.inProgress(row.getString(7)));
				}, parameters);
		return answers;
	}

	/**
	 * Complete claims without results in one statement, or one JDBC batch.
	 */
	List<Boolean> complete(List<OwnedClaim> claims, Duration ttl) {
		if (this.completeAll != null) {
			return updateOwnedAll(this.completeAll, ttl.toMillis(), claims);
		}
		return updateOwned(this.complete, claims, (claim) -> new Object[] { null, ttl.toMillis(), claim.scope().group(),
				claim.scope().consumer(), claim.scope().key(), claim.token() });
	}

	/**
	 * Extend the leases of claims in one statement, or one JDBC batch.
	 */
	List<Boolean> extend(List<OwnedClaim> claims, Duration lease) {
		if (this.extendAll != null) {
			return updateOwnedAll(this.extendAll, lease.toMillis(), claims);
		}
		return updateOwned(this.extend, claims, (claim) -> new Object[] { lease.toMillis(), claim.scope().group(),
				claim.scope().consumer(), claim.scope().key(), claim.token() });
	}

	/**
	 * Run the dialect's one statement that updates the records the claims still own, given the
	 * milliseconds its assignments take, over the claims sorted by key; answer, for each claim,
	 * whether its record was updated.
	 */
	private List<Boolean> updateOwnedAll(String sql, long millis, List<OwnedClaim> claims) {
		Object[] owned = this.dialect.ownedParameters(sorted(claims));
		Object[] parameters = new Object[owned.length + 1];
		parameters[0] = millis;
		System.arraycopy(owned, 0, parameters, 1, owned.length);
		Set<RecordScope> updated = new HashSet<>(this.jdbc.query(sql, SCOPES, parameters));
		return claims.stream().map((claim) -> updated.contains(claim.scope())).toList();
	}

	/**
	 * Run an update of the records the claims still own in one JDBC batch, whose update counts
	 * answer for each claim exactly.
	 */
	private List<Boolean> updateOwned(String sql, List<OwnedClaim> claims, Function<OwnedClaim, Object[]> row) {
		int[] order = order(claims);
		List<Object[]> rows = IntStream.of(order).mapToObj(claims::get).map(row).toList();
		int[] counts = this.transactions.execute((status) -> this.jdbc.batchUpdate(sql, rows));
		Boolean[] updated = new Boolean[claims.size()];
		for (int i = 0; i < order.length; i++) {
			if (counts[i] == Statement.SUCCESS_NO_INFO) {
				throw new IllegalStateException("The JDBC driver did not tell which idempotency records it "
						+ "updated; turn off its bulk statements (MariaDB: useBulkStmts=false, the default)");
			}
			updated[order[i]] = counts[i] == 1;
		}
		return List.of(updated);
	}

	/**
	 * Release claims in one JDBC batch.
	 */
	void release(List<OwnedClaim> claims) {
		List<Object[]> rows = sorted(claims).stream()
			.map((claim) -> new Object[] { claim.scope().group(), claim.scope().consumer(), claim.scope().key(),
					claim.token() })
			.toList();
		this.transactions.executeWithoutResult((status) -> this.jdbc.batchUpdate(this.release, rows));
	}

	private static List<OwnedClaim> sorted(List<OwnedClaim> claims) {
		List<OwnedClaim> sorted = new ArrayList<>(claims);
		sorted.sort(BY_KEY);
		return sorted;
	}

	/**
	 * Return the positions of the claims, sorted by the key of their records.
	 */
	private static int[] order(List<OwnedClaim> claims) {
		return IntStream.range(0, claims.size())
			.boxed()
			.sorted(Comparator.comparing(claims::get, BY_KEY))
			.mapToInt(Integer::intValue)
			.toArray();
	}

}
