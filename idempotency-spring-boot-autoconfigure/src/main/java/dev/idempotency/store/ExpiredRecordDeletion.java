package dev.idempotency.store;

/**
 * The optional capability of a store whose records do not vanish when they expire, as rows of a
 * database table do not, to delete them. A store offers it through
 * {@link IdempotencyStore#expiredRecordDeletion()}, and the starter then runs it on a schedule.
 * Stores whose records expire by themselves, as Redis keys do, have no use for it.
 */
@FunctionalInterface
public interface ExpiredRecordDeletion {

	/**
	 * Delete expired records in bounded batches until none is left. Safe to run from several
	 * instances at once.
	 * @param batchSize the most records deleted by one statement
	 * @return the number of records deleted
	 */
	int deleteExpired(int batchSize);

}
