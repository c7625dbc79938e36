package dev.idempotency.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.autoconfigure.support.JsonResultCodec;
import dev.idempotency.core.IdempotencyGateTests.RecordingListener;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.test.TestResults;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Stored results and fingerprints: a duplicate returns the first run's result, and a key reused
 * for other content is a conflict.
 */
class IdempotencyGateResultsTests {

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(1000);

	private final RecordingListener listener = new RecordingListener();

	private final LeaseHeartbeat heartbeat = new LeaseHeartbeat();

	private final AtomicInteger runs = new AtomicInteger();

	@AfterEach
	void stopHeartbeat() {
		this.heartbeat.close();
	}

	@Test
	void duplicateReturnsTheStoredResultOfTheFirstRun() {
		IdempotencyGate gate = gate(TestResults.json());
		Execution<Receipt> first = gate.execute(delivery("order-1", null, Receipt.class), this::receipt);
		Execution<Receipt> duplicate = gate.execute(delivery("order-1", null, Receipt.class), this::receipt);
		assertThat(first).isEqualTo(new Execution<>(Outcome.PROCESSED, new Receipt("r-1", List.of("ünïcødé ✓"))));
		assertThat(duplicate).isEqualTo(new Execution<>(Outcome.DUPLICATE, new Receipt("r-1", List.of("ünïcødé ✓"))));
		assertThat(this.runs).hasValue(1);
		assertThat(this.store.find(scope("order-1")).map(IdempotencyRecord::result))
			.contains("{\"id\":\"r-1\",\"lines\":[\"ünïcødé ✓\"]}");
	}

	@Test
	void resultIsNotStoredWithoutAResultType() {
		IdempotencyGate gate = gate(TestResults.json());
		assertThat(gate.execute(delivery("order-1", null, null), this::receipt).value()).isNotNull();
		assertThat(gate.execute(delivery("order-1", null, Receipt.class), this::receipt))
			.isEqualTo(new Execution<>(Outcome.DUPLICATE, null));
		assertThat(this.store.find(scope("order-1")).map(IdempotencyRecord::result)).isEmpty();
	}

	@Test
	void resultOverTheSizeCapIsReturnedButNotStored() {
		IdempotencyGate gate = gate(new StoredResults(new JsonResultCodec(JsonMapper.shared()), DataSize.ofBytes(20)));
		Execution<Receipt> first = gate.execute(delivery("order-1", null, Receipt.class), this::receipt);
		assertThat(first.outcome()).isEqualTo(Outcome.PROCESSED);
		assertThat(first.value()).isEqualTo(new Receipt("r-1", List.of("ünïcødé ✓")));
		assertThat(gate.execute(delivery("order-1", null, Receipt.class), this::receipt))
			.isEqualTo(new Execution<>(Outcome.DUPLICATE, null));
		assertThat(this.store.find(scope("order-1")).map(IdempotencyRecord::result)).isEmpty();
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void resultThatCannotBeWrittenAsJsonIsReturnedButNotStored() {
		IdempotencyGate gate = gate(TestResults.json());
		Unwritable unwritable = new Unwritable();
		Execution<Unwritable> first = gate.execute(delivery("order-1", null, Unwritable.class), () -> {
			this.runs.incrementAndGet();
			return unwritable;
		});
		assertThat(first).isEqualTo(new Execution<>(Outcome.PROCESSED, unwritable));
		assertThat(gate.execute(delivery("order-1", null, Unwritable.class), Unwritable::new))
			.isEqualTo(new Execution<>(Outcome.DUPLICATE, null));
		assertThat(this.runs).hasValue(1);
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED, Outcome.DUPLICATE);
	}

	@Test
	void storedResultThatNoLongerFitsTheResultTypeGivesNoResult() {
		IdempotencyGate gate = gate(TestResults.json());
		gate.execute(delivery("order-1", null, Receipt.class), this::receipt);
		assertThat(gate.execute(delivery("order-1", null, Integer.class), () -> 1))
			.isEqualTo(new Execution<>(Outcome.DUPLICATE, null));
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void sameKeyWithTheSameFingerprintIsADuplicate() {
		IdempotencyGate gate = gate(TestResults.json());
		gate.execute(delivery("order-1", "fp-a", null), this::receipt);
		assertThat(gate.execute(delivery("order-1", "fp-a", null), this::receipt).outcome())
			.isEqualTo(Outcome.DUPLICATE);
		assertThat(gate.execute(delivery("order-1", null, null), this::receipt).outcome())
			.isEqualTo(Outcome.DUPLICATE);
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void sameKeyWithAnotherFingerprintIsAConflictAndTheBodyDoesNotRun() {
		IdempotencyGate gate = gate(TestResults.json());
		gate.execute(delivery("order-1", "fp-a", null), this::receipt);
		assertThatExceptionOfType(IdempotencyConflictException.class)
			.isThrownBy(() -> gate.execute(delivery("order-1", "fp-b", null), this::receipt))
			.withMessage("Message order-1 of orders has the key of a recorded message but different content "
					+ "(another fingerprint); it was not processed. Give distinct messages distinct keys, or delete "
					+ "the record through the idempotency endpoint to process it.")
			.satisfies((ex) -> {
				assertThat(ex.getKey()).isEqualTo("order-1");
				assertThat(ex.getConsumer()).isEqualTo("orders");
				assertThat(ex.isRetryable()).isFalse();
			});
		assertThat(this.runs).hasValue(1);
		assertThat(this.listener.outcomes).containsExactly(Outcome.PROCESSED, Outcome.CONFLICT);
	}

	@Test
	void anotherFingerprintMeetingALiveClaimIsAConflictWithoutWaiting() {
		IdempotencyGate gate = gate(TestResults.json());
		this.store.claim(scope("order-1"), Tokens.next(), Duration.ofMinutes(5), "fp-a");
		assertThatExceptionOfType(IdempotencyConflictException.class)
			.isThrownBy(() -> gate.execute(delivery("order-1", "fp-b", null), this::receipt));
		assertThat(this.runs).hasValue(0);
		assertThat(this.listener.requests).containsExactly("claim:success");
		assertThat(this.store.find(scope("order-1")).map(IdempotencyRecord::fingerprint)).contains("fp-a");
	}

	private IdempotencyGate gate(StoredResults results) {
		return IdempotencyGate.builder(this.store, new RecordScopes("orders-service", 255))
			.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(50)))
			.heartbeat(this.heartbeat)
			.results(results)
			.listener(this.listener)
			.build();
	}

	private Receipt receipt() {
		return new Receipt("r-" + this.runs.incrementAndGet(), List.of("ünïcødé ✓"));
	}

	private static Delivery delivery(String key, String fingerprint, Class<?> resultType) {
		ConsumerPolicy policy = new ConsumerPolicy("orders", Duration.ofDays(7), Duration.ofMinutes(5),
				MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);
		return new Delivery(policy, MessageKey.of(key, "header 'idempotency-key'"), fingerprint, resultType);
	}

	private static RecordScope scope(String key) {
		return new RecordScope("orders-service", "orders", key);
	}

	record Receipt(String id, List<String> lines) {
	}

	/**
	 * A result Jackson cannot write: it refers to itself.
	 */
	static final class Unwritable {

		public Unwritable getSelf() {
			return this;
		}

	}

}
