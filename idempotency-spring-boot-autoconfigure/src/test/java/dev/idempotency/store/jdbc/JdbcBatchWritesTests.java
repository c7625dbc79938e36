package dev.idempotency.store.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch claims, extensions, completions and releases of 100 records send one statement or one
 * JDBC batch each, not one per record: PostgreSQL claims, extends and completes in one statement
 * each, the other databases send a batch of claims and then read the records back, and batches of
 * extensions and completions.
 */
class JdbcBatchWritesTests {

	private static final Duration LEASE = Duration.ofMinutes(5);

	private final String group = "batch-" + UUID.randomUUID();

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void batchesOfAHundredRecordsSendOneStatementEach(TestDatabase database) {
		try (HikariDataSource target = database.dataSource()) {
			CountingDataSource dataSource = new CountingDataSource(target);
			JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).createTable(true).build();
			List<OwnedClaim> claims = claims(100);
			int claimStatements = (database == TestDatabase.POSTGRESQL) ? 1 : 2;
			// PostgreSQL updates a batch's records in one statement, the others send a JDBC batch
			int sentPerBatch = (database == TestDatabase.POSTGRESQL) ? 1 : 50;

			dataSource.statements.set(0);
			List<ClaimResult> claimed = store.claimAll(claims, LEASE);
			assertThat(claimed).containsExactlyElementsOf(claims.stream()
				.map((claim) -> ClaimResult.acquired(claim.token()))
				.toList());
			assertThat(dataSource.statements).as("claim statements").hasValue(claimStatements);

			dataSource.statements.set(0);
			dataSource.sent.set(0);
			assertThat(store.extendAll(claims.subList(0, 50), Duration.ofHours(1))).hasSize(50).containsOnly(true);
			assertThat(dataSource.statements).as("extension statements").hasValue(1);
			assertThat(dataSource.sent).as("extension statements sent").hasValue(sentPerBatch);

			dataSource.statements.set(0);
			dataSource.sent.set(0);
			assertThat(store.completeAll(claims.subList(0, 50), Duration.ofHours(1))).hasSize(50).containsOnly(true);
			assertThat(dataSource.statements).as("completion statements").hasValue(1);
			assertThat(dataSource.sent).as("completion statements sent").hasValue(sentPerBatch);

			dataSource.statements.set(0);
			store.releaseAll(claims.subList(50, 100));
			assertThat(dataSource.statements).as("release statements").hasValue(1);

			dataSource.statements.set(0);
			List<ClaimResult> again = store.claimAll(claims(100), LEASE);
			assertThat(again.subList(0, 50)).containsOnly(ClaimResult.duplicate(null));
			assertThat(again.subList(50, 100)).extracting(ClaimResult::status).containsOnly(ClaimResult.Status.ACQUIRED);
			assertThat(dataSource.statements).as("statements of a claim that finds duplicates").hasValue(2);
		}
	}

	private List<OwnedClaim> claims(int count) {
		// shuffled keys: the store sorts them, the answers keep the caller's order
		return IntStream.range(0, count)
			.mapToObj((i) -> new OwnedClaim(new RecordScope(this.group, "orders", "key-" + ((i * 37) % count)),
					Tokens.next()))
			.toList();
	}

}
