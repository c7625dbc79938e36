package dev.idempotency.store.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.test.RecordByRecordStore;
import dev.idempotency.test.Tokens;

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
					double recordByRecord = microsPerMessage(new RecordByRecordStore(store), size);
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

}
