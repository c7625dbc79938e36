package dev.idempotency.test;

import java.time.Duration;
import java.util.Optional;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * A store that forwards each single-record call to another and leaves the batch calls to the
 * SPI's defaults, so that every batch reaches the other store record by record. Tests override a
 * call to change what it does.
 */
public class RecordByRecordStore implements IdempotencyStore {

	private final IdempotencyStore store;

	/**
	 * Forward to {@code store}.
	 * @param store the store that holds the records
	 */
	public RecordByRecordStore(IdempotencyStore store) {
		this.store = store;
	}

	@Override
	public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
		return this.store.claim(scope, token, lease, fingerprint);
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		return this.store.complete(scope, token, ttl, result);
	}

	@Override
	public void release(RecordScope scope, String token) {
		this.store.release(scope, token);
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		return this.store.extend(scope, token, lease);
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordScope scope) {
		return this.store.find(scope);
	}

	@Override
	public boolean delete(RecordScope scope) {
		return this.store.delete(scope);
	}

	@Override
	public String type() {
		return this.store.type();
	}

}
