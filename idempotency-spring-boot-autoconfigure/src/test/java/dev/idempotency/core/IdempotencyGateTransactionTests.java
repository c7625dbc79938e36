package dev.idempotency.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.TransactionalClaims;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.test.TestResults;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How the gate uses a store's {@link TransactionalClaims}: inside the store's transaction it
 * writes the completed record with one claim and adds nothing but a stored result; outside, it
 * uses the ordinary protocol. The JDBC store tests show the transaction itself.
 */
class IdempotencyGateTransactionTests {

	private final RecordingStore store = new RecordingStore();

	private final LeaseHeartbeat heartbeat = new LeaseHeartbeat();

	private final IdempotencyGate gate = gate(TransactionBoundary.NONE);

	@AfterEach
	void stopHeartbeat() {
		this.heartbeat.close();
	}

	@Test
	void insideTheTransactionTheRecordIsWrittenCompletedByOneStatement() {
		this.store.transactionActive = true;
		assertThat(this.gate.execute(delivery(null), () -> "charged"))
			.isEqualTo(new Execution<>(Outcome.PROCESSED, "charged"));
		assertThat(this.store.calls).containsExactly("claimCompleted order-1 PT168H fp");
	}

	@Test
	void insideTheTransactionAResultIsAddedToTheRecord() {
		this.store.transactionActive = true;
		assertThat(this.gate.execute(delivery(String.class), () -> "charged").value()).isEqualTo("charged");
		assertThat(this.store.calls).containsExactly("claimCompleted order-1 PT168H fp",
				"complete order-1 PT168H \"charged\"");
	}

	@Test
	void insideTheTransactionAFailingBodyDeletesTheRecordItWrote() {
		this.store.transactionActive = true;
		assertThatIllegalStateException().isThrownBy(() -> this.gate.execute(delivery(null), () -> {
			throw new IllegalStateException("Card declined");
		}));
		assertThat(this.store.calls).containsExactly("claimCompleted order-1 PT168H fp", "release order-1");
	}

	@Test
	void outsideATransactionTheOrdinaryProtocolApplies() {
		assertThat(this.gate.execute(delivery(null), () -> "charged").outcome()).isEqualTo(Outcome.PROCESSED);
		assertThat(this.store.calls).containsExactly("claim order-1 PT5M fp", "complete order-1 PT168H null");
	}

	@Test
	void withAnotherTransactionTheRecordIsCompletedAfterItCommits() {
		DeferringBoundary boundary = new DeferringBoundary();
		IdempotencyGate gate = gate(boundary);
		assertThat(gate.execute(delivery(null), () -> "charged").outcome()).isEqualTo(Outcome.PROCESSED);
		assertThat(this.store.calls).containsExactly("claim order-1 PT5M fp");
		boundary.onCommit.run();
		assertThat(this.store.calls).containsExactly("claim order-1 PT5M fp", "complete order-1 PT168H null");
	}

	@Test
	void withAnotherTransactionTheClaimIsReleasedAfterItRollsBack() {
		DeferringBoundary boundary = new DeferringBoundary();
		IdempotencyGate gate = gate(boundary);
		gate.execute(delivery(null), () -> "charged");
		boundary.onRollback.run();
		assertThat(this.store.calls).containsExactly("claim order-1 PT5M fp", "release order-1");
		assertThat(gate.execute(delivery(null), () -> "charged again").value()).isEqualTo("charged again");
	}

	private IdempotencyGate gate(TransactionBoundary transactions) {
		return IdempotencyGate.builder(this.store, new RecordScopes("orders-service", 255))
			.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(50)))
			.heartbeat(this.heartbeat)
			.results(TestResults.json())
			.transactions(transactions)
			.build();
	}

	private static Delivery delivery(@Nullable Class<?> resultType) {
		ConsumerPolicy policy = new ConsumerPolicy("orders", Duration.ofDays(7), Duration.ofMinutes(5),
				MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);
		return new Delivery(policy, MessageKey.of("order-1", "header 'idempotency-key'"), "fp", resultType);
	}

	/**
	 * Holds on to what the gate defers, for the test to run as the transaction would.
	 */
	static final class DeferringBoundary implements TransactionBoundary {

		Runnable onCommit;

		Runnable onRollback;

		@Override
		public boolean isActive() {
			return true;
		}

		@Override
		public boolean defer(Runnable onCommit, Runnable onRollback) {
			this.onCommit = onCommit;
			this.onRollback = onRollback;
			return true;
		}

	}

	/**
	 * Records the calls of the gate; answers from the in-memory store, which has no transactions.
	 */
	static final class RecordingStore implements IdempotencyStore, TransactionalClaims {

		final List<String> calls = new CopyOnWriteArrayList<>();

		private final InMemoryIdempotencyStore memory = new InMemoryIdempotencyStore(100);

		volatile boolean transactionActive;

		@Override
		public Optional<TransactionalClaims> transactionalClaims() {
			return Optional.of(this);
		}

		@Override
		public boolean isTransactionActive() {
			return this.transactionActive;
		}

		@Override
		public ClaimResult claimCompleted(RecordScope scope, String token, Duration ttl, @Nullable String fingerprint) {
			this.calls.add("claimCompleted " + scope.key() + " " + ttl + " " + fingerprint);
			return this.memory.claim(scope, token, ttl, fingerprint);
		}

		@Override
		public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
			this.calls.add("claim " + scope.key() + " " + lease + " " + fingerprint);
			return this.memory.claim(scope, token, lease, fingerprint);
		}

		@Override
		public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
			this.calls.add("complete " + scope.key() + " " + ttl + " " + result);
			return this.memory.complete(scope, token, ttl, result);
		}

		@Override
		public void release(RecordScope scope, String token) {
			this.calls.add("release " + scope.key());
			this.memory.release(scope, token);
		}

		@Override
		public boolean extend(RecordScope scope, String token, Duration lease) {
			this.calls.add("extend " + scope.key());
			return this.memory.extend(scope, token, lease);
		}

		@Override
		public Optional<IdempotencyRecord> find(RecordScope scope) {
			return this.memory.find(scope);
		}

		@Override
		public boolean delete(RecordScope scope) {
			return this.memory.delete(scope);
		}

		@Override
		public String type() {
			return "recording";
		}

	}

}
