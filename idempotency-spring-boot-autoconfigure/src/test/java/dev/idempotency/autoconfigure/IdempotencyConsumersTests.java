package dev.idempotency.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.idempotency.Idempotent;
import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.core.GatedListener;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.listener.IdempotentMethods;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.annotation.KafkaListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@code idempotency.consumers.<name>.*}: each setting applies to the listeners of its
 * consumer and not to the others, and a name that is no consumer stops the start.
 */
class IdempotencyConsumersTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, IdempotencyAutoConfiguration.class,
				IdempotencyKafkaAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders")
		.withBean(Handlers.class);

	@Test
	void ttlAndLeaseApplyToTheirConsumerOnly() {
		this.contextRunner
			.withPropertyValues("idempotency.ttl=1d", "idempotency.consumers.payments.ttl=30d",
					"idempotency.consumers.payments.lease=1m")
			.run((context) -> assertThat(context.getBean(IdempotentMethods.class).listeners())
				.extracting(GatedListener::consumer, GatedListener::ttl, GatedListener::lease)
				.containsExactly(tuple("payments", Duration.ofDays(30), Duration.ofMinutes(1)),
						tuple("refunds", Duration.ofDays(1), Duration.ofMinutes(5))));
	}

	@Test
	void onMissingKeyProcessAppliesToItsConsumerOnly() {
		this.contextRunner.withPropertyValues("idempotency.consumers.payments.on-missing-key=process")
			.run((context) -> {
				Handlers handlers = context.getBean(Handlers.class);
				handlers.payment(null);
				handlers.payment(null);
				assertThat(handlers.runs()).containsExactly("payment null", "payment null");
				assertThatExceptionOfType(IdempotencyKeyException.class).isThrownBy(() -> handlers.refund(null))
					.withMessage("No idempotency key for a message of refunds: key expression '#p0' of "
							+ "Handlers.refund(String) gave null. Give every message a key, or set "
							+ "idempotency.on-missing-key=process to run keyless messages without the gate.");
				assertThat(handlers.runs()).hasSize(2);
			});
	}

	@Test
	void onInProgressSkipAppliesToItsConsumerOnly() {
		this.contextRunner
			.withPropertyValues("idempotency.consumers.payments.on-in-progress=skip",
					"idempotency.consumers.refunds.lease=100ms")
			.run((context) -> {
				IdempotencyStore store = context.getBean(IdempotencyStore.class);
				RecordScopes scopes = context.getBean(RecordScopes.class);
				store.claim(scopes.scope("payments", "k-1"), "elsewhere", Duration.ofMinutes(1));
				store.claim(scopes.scope("refunds", "k-1"), "elsewhere", Duration.ofMinutes(1));
				Handlers handlers = context.getBean(Handlers.class);
				handlers.payment("k-1");
				assertThat(handlers.runs()).isEmpty();
				assertThatExceptionOfType(IdempotencyInProgressException.class).isThrownBy(() -> handlers.refund("k-1"))
					.withMessage("Message k-1 is still in progress in another delivery of refunds after waiting for "
							+ "its lease of PT0.1S; the message is handed back to be delivered again.");
				assertThat(handlers.runs()).isEmpty();
			});
	}

	@Test
	void onStoreErrorProcessAppliesToItsConsumerOnly() {
		this.contextRunner.withBean(IdempotencyStore.class, FailingStore::new)
			.withPropertyValues("idempotency.consumers.payments.on-store-error=process")
			.run((context) -> {
				Handlers handlers = context.getBean(Handlers.class);
				handlers.payment("k-1");
				assertThat(handlers.runs()).containsExactly("payment k-1");
				assertThatExceptionOfType(IdempotencyStoreException.class).isThrownBy(() -> handlers.refund("k-1"))
					.withMessage("The idempotency store (failing) failed to claim message k-1 for refunds: store down. "
							+ "The message was not processed and will be delivered again; set "
							+ "idempotency.on-store-error=process to run listeners without the gate while the store is "
							+ "unavailable.");
				assertThat(handlers.runs()).containsExactly("payment k-1");
			});
	}

	@Test
	void keyHeaderAppliesToTheListenersOfItsConsumerOnly() {
		this.contextRunner.withBean(KafkaListeners.class)
			.withPropertyValues("idempotency.consumers.kafka-payments.key-header=payment-id")
			.run((context) -> {
				assertThat(context.getBean(IdempotentMethods.class).listeners())
					.filteredOn((listener) -> listener.consumer().startsWith("kafka-"))
					.extracting(GatedListener::consumer, GatedListener::key)
					.containsExactly(tuple("kafka-payments", "header 'payment-id'"),
							tuple("kafka-refunds", "header 'idempotency-key'"));
				KafkaListeners listeners = context.getBean(KafkaListeners.class);
				listeners.onPayment(record("payment-id", "p-1", "first"));
				listeners.onPayment(record("payment-id", "p-1", "copy"));
				assertThatExceptionOfType(IdempotencyKeyException.class)
					.isThrownBy(() -> listeners.onPayment(record("idempotency-key", "p-2", "no payment-id")))
					.withMessage("No idempotency key for a message of kafka-payments: header 'payment-id' gave null. "
							+ "Give every message a key, or set idempotency.on-missing-key=process to run keyless "
							+ "messages without the gate.");
				assertThat(listeners.runs()).containsExactly("payment first");
				listeners.onRefund(record("idempotency-key", "r-1", "first"));
				listeners.onRefund(record("idempotency-key", "r-1", "copy"));
				assertThatExceptionOfType(IdempotencyKeyException.class)
					.isThrownBy(() -> listeners.onRefund(record("payment-id", "r-2", "no idempotency-key")))
					.withMessage("No idempotency key for a message of kafka-refunds: header 'idempotency-key' gave "
							+ "null. Give every message a key, or set idempotency.on-missing-key=process to run keyless "
							+ "messages without the gate.");
				assertThat(listeners.runs()).containsExactly("payment first", "refund first");
			});
	}

	@Test
	void blankConsumerKeyHeaderStopsTheStart() {
		assertInvalid("idempotency.consumers.payments.key-header= ", "Property idempotency.consumers.payments."
				+ "key-header with value '' is invalid: It must name a message header, such as 'idempotency-key'.");
	}

	@Test
	void negativeConsumerTtlStopsTheStart() {
		assertInvalid("idempotency.consumers.refunds.ttl=-1d", "Property idempotency.consumers.refunds.ttl with "
				+ "value 'PT-24H' is invalid: It must be a positive duration, such as '5m' or '7d'.");
	}

	@Test
	void unknownConsumerPolicyStopsTheStartNamingTheProperty() {
		this.contextRunner.withPropertyValues("idempotency.consumers.payments.on-in-progress=wait")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under "
						+ "'idempotency.consumers.payments.on-in-progress' to dev.idempotency.core.InProgressPolicy"));
	}

	@Test
	void unknownConsumerNameStopsTheStartListingTheKnownOnes() {
		assertInvalid("idempotency.consumers.paymnets.ttl=30d", "Property idempotency.consumers with value "
				+ "'paymnets' is invalid: No gated listener has this consumer name; the consumers of the gated "
				+ "listeners are 'payments', 'refunds'. Correct the name, or set "
				+ "idempotency.consumers.paymnets.template-only=true if only IdempotencyTemplate uses it.");
	}

	@Test
	void templateOnlyConsumerIsNotCheckedAndItsSettingsApply() {
		this.contextRunner
			.withPropertyValues("idempotency.consumers.invoices.template-only=true",
					"idempotency.consumers.invoices.on-missing-key=process")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				IdempotencyTemplate template = context.getBean(IdempotencyTemplate.class);
				assertThat(template.run("invoices", null, () -> {
				})).isTrue();
				assertThatExceptionOfType(IdempotencyKeyException.class)
					.isThrownBy(() -> template.run("payments", null, () -> {
					}));
			});
	}

	@Test
	void withoutGatedListenersConsumerNamesAreNotChecked() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
			.withPropertyValues("spring.application.name=orders", "idempotency.consumers.invoices.ttl=30d")
			.run((context) -> assertThat(context.getBean(PropertiesConsumerPolicies.class).resolve("invoices").ttl())
				.isEqualTo(Duration.ofDays(30)));
	}

	private void assertInvalid(String property, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessage(message);
			});
	}

	private static ConsumerRecord<String, String> record(String header, String key, String value) {
		ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 0, 0L, null, value);
		record.headers().add(header, key.getBytes(StandardCharsets.UTF_8));
		return record;
	}

	static class Handlers {

		private final List<String> runs = new CopyOnWriteArrayList<>();

		public List<String> runs() {
			return this.runs;
		}

		@Idempotent(key = "#p0", consumer = "payments")
		public void payment(@Nullable String id) {
			this.runs.add("payment " + id);
		}

		@Idempotent(key = "#p0", consumer = "refunds")
		public void refund(@Nullable String id) {
			this.runs.add("refund " + id);
		}

	}

	static class KafkaListeners {

		private final List<String> runs = new CopyOnWriteArrayList<>();

		public List<String> runs() {
			return this.runs;
		}

		@KafkaListener(id = "kafka-payments", topics = "payments")
		@Idempotent
		public void onPayment(ConsumerRecord<String, String> record) {
			this.runs.add("payment " + record.value());
		}

		@KafkaListener(id = "kafka-refunds", topics = "refunds")
		@Idempotent
		public void onRefund(ConsumerRecord<String, String> record) {
			this.runs.add("refund " + record.value());
		}

	}

	static class FailingStore implements IdempotencyStore {

		@Override
		public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
			throw new IllegalStateException("store down");
		}

		@Override
		public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
			throw new IllegalStateException("store down");
		}

		@Override
		public void release(RecordScope scope, String token) {
			throw new IllegalStateException("store down");
		}

		@Override
		public boolean extend(RecordScope scope, String token, Duration lease) {
			throw new IllegalStateException("store down");
		}

		@Override
		public Optional<IdempotencyRecord> find(RecordScope scope) {
			throw new IllegalStateException("store down");
		}

		@Override
		public boolean delete(RecordScope scope) {
			throw new IllegalStateException("store down");
		}

		@Override
		public String type() {
			return "failing";
		}

	}

}
