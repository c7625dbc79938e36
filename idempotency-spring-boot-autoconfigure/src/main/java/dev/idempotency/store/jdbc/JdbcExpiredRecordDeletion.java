package dev.idempotency.store.jdbc;

import javax.sql.DataSource;

import dev.idempotency.store.ExpiredRecordDeletion;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Deletes the expired rows of a {@link JdbcIdempotencyStore}'s table, which the database does not
 * remove by itself, in batches, each in a short transaction of its own.
 */
final class JdbcExpiredRecordDeletion implements ExpiredRecordDeletion {

	private final JdbcTemplate jdbc;

	private final JdbcDialect dialect;

	private final String table;

	private final TransactionTemplate transactions;

	JdbcExpiredRecordDeletion(DataSource dataSource, JdbcDialect dialect, String table) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.dialect = dialect;
		this.table = table;
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Delete expired records in batches of at most {@code batchSize} rows until none is left. Rows
	 * that other transactions hold are skipped where the database can (PostgreSQL, MariaDB), so
	 * that several instances can clean up at once without waiting on each other or on live claims.
	 * @param batchSize the most rows one statement deletes
	 * @return the number of rows deleted
	 */
	@Override
	public int deleteExpired(int batchSize) {
		Assert.isTrue(batchSize > 0, "batchSize must be positive");
		int total = 0;
		int deleted;
		do {
			try {
				Integer count = this.transactions
					.execute((status) -> this.dialect.deleteExpired(this.jdbc, this.table, batchSize));
				deleted = (count != null) ? count : 0;
			}
			catch (PessimisticLockingFailureException ex) {
				// another cleaner or a claim holds these rows: leave them to the next run
				return total;
			}
			total += deleted;
		}
		// a short batch may only mean that another cleaner holds the rest: stop at an empty one
		while (deleted > 0);
		return total;
	}

}
