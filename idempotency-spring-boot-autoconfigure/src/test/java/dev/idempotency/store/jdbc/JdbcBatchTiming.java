package dev.idempotency.store.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.test.Tokens;
import org.jspecify.annotations.Nullable;

/**
 * A timed loop, not a test: the cost per message of {@code claimAll} then {@code completeAll} of a
 * poll of 100 and 500 records, with the store's batches and with the SPI's record-by-record
 * defaults. Run with the database as the only argument ({@code POSTGRESQL} by default).
 */
final class JdbcBatchTiming {

	private static final Duration LEASE = Duration.ofMinutes(5);

	private static final int ROUNDS = 40;

	private JdbcBatchTiming() {
	}

	public static void main(String[] arguments) {
		TestDatabase database = TestDatabase.valueOf((arguments.length > 0) ? arguments[0] : "POSTGRESQL");
		try (HikariDataSource dataSource = database.dataSource()) {
			JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).createTable(true).build();
			for (int size : new int[] { 100, 500 }) {
				for (int pass = 0; pass < 2; pass++) {
					double recordByRecord = microsPerMessage(new RecordByRecord(store), size);
					double batched = microsPerMessage(store, size);
					if (pass == 1) {
						System.out.printf("%s, %d records: record by record %.1f us/message, batched %.1f us/message%n",
								database, size, recordByRecord, batched);
					}
				}
			}
		}
	}

	private static double microsPerMessage(IdempotencyStore store, int size) {
		String group = "timing-" + UUID.randomUUID();
		long start = System.nanoTime();
		for (int round = 0; round < ROUNDS; round++) {
			int from = round * size;
			List<OwnedClaim> claims = IntStream.range(from, from + size)
				.mapToObj((i) -> new OwnedClaim(new RecordScope(group, "orders", "key-" + i), Tokens.next()))
				.toList();
			List<ClaimResult> answers = store.claimAll(claims, LEASE);
			if (!store.completeAll(claims, Duration.ofHours(1)).stream().allMatch(Boolean::booleanValue)
					|| answers.stream().anyMatch((answer) -> answer.status() != ClaimResult.Status.ACQUIRED)) {
				throw new IllegalStateException("Claims were not all acquired and completed");
			}
		}
		return (System.nanoTime() - start) / 1000.0 / ROUNDS / size;
	}

	/**
	 * The store with the SPI's batch defaults, as before the store had batches of its own.
	 */
	private record RecordByRecord(IdempotencyStore store) implements IdempotencyStore {

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

}
