package dev.idempotency.store;

/**
 * A store that keeps expired records until they are deleted, as a database table does, instead
 * of letting them vanish, as Redis keys do.
 */
public interface ExpiringIdempotencyStore extends IdempotencyStore {

	/**
	 * Delete expired records in bounded batches until none is left. Safe to run from several
	 * instances at once.
	 * @param batchSize the most records deleted by one statement
	 * @return the number of records deleted
	 */
	int deleteExpired(int batchSize);

}
