package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.idempotency.Idempotent;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.InProgressPolicy;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.MissingKeyPolicy;
import dev.idempotency.core.StoreErrorPolicy;
import dev.idempotency.listener.kafka.CurrentKafkaRecord;
import dev.idempotency.listener.kafka.KafkaListenerAdapter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How idempotent listener methods are resolved (design, section 5): key expressions over Kafka
 * records, the key header, consumer names and annotation overrides.
 */
class IdempotentMethodsTests {

	private final MockEnvironment environment = new MockEnvironment().withProperty("orders.consumer", "orders-x")
		.withProperty("orders.listener-id", "orders-listener-x")
		.withProperty("orders.ttl", "30d");

	private final List<String> resolvedConsumers = new CopyOnWriteArrayList<>();

	private final CurrentKafkaRecord currentRecord = new CurrentKafkaRecord();

	@AfterEach
	void clearCurrentRecord() {
		this.currentRecord.clearThreadState(null);
	}

	@Test
	void payloadProperty() {
		assertThat(key(Orders.class, "on", null, new Order("o-1")))
			.isEqualTo(MessageKey.of("o-1", "key expression '#payload.id' of Orders.on(Order)"));
	}

	@Test
	void payloadPropertyWhileTheContainerExposesTheRecord() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("from-record"));
		assertThat(key(Orders.class, "on", record, new Order("o-1")).value()).isEqualTo("o-1");
	}

	@Test
	void propertyOfAJavaRecordPayload() {
		assertThat(key(Orders.class, "onInvoice", null, new Invoice("i-1")))
			.isEqualTo(MessageKey.of("i-1", "key expression '#payload.id' of Orders.onInvoice(Invoice)"));
	}

	@Test
	void expressionKeepsWorkingOncePayloadsAreNullAfterManyMessages() {
		IdempotentMethods methods = methods(null, "idempotency-key");
		for (int i = 0; i < 300; i++) {
			assertThat(key(methods, Orders.class, "on", null, new Order("o-" + i)).value()).isEqualTo("o-" + i);
		}
		MessageKey key = key(methods, Orders.class, "on", null, new Object[] { null });
		assertThat(key.isPresent()).isFalse();
		assertThat(key.failure()).isInstanceOf(SpelEvaluationException.class).hasMessageContaining("EL1007E");
		assertThat(key(methods, Orders.class, "on", null, new Order("o-300")).value()).isEqualTo("o-300");
	}

	@Test
	void payloadOfARecordParameter() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		assertThat(key(Orders.class, "onRecord", null, record))
			.isEqualTo(MessageKey.of("o-1", "key expression '#payload.id' of Orders.onRecord(ConsumerRecord)"));
	}

	@Test
	void payloadOfAMessageParameter() {
		Message<Order> message = MessageBuilder.withPayload(new Order("o-1")).build();
		assertThat(key(Orders.class, "onMessage", null, message))
			.isEqualTo(MessageKey.of("o-1", "key expression '#payload.id' of Orders.onMessage(Message)"));
	}

	@Test
	void payloadParameterIsTheOneAnnotatedWithPayload() {
		assertThat(key(Orders.class, "onAnnotated", null, "tenant-1", new Order("o-1"), "rk-1").value())
			.isEqualTo("o-1");
	}

	@Test
	void payloadParameterIsTheOneThatIsNotAHeaderNorAFrameworkType() {
		Acknowledgment acknowledgment = () -> {
		};
		assertThat(key(Orders.class, "onWithHeaders", null, "rk-1", new Order("o-1"), acknowledgment).value())
			.isEqualTo("o-1");
	}

	@Test
	void headerParameterByName() {
		assertThat(key(Orders.class, "onTenant", null, "tenant-1", new Order("o-1")))
			.isEqualTo(MessageKey.of("tenant-1:o-1",
					"key expression '#tenant + ':' + #payload.id' of Orders.onTenant(String, Order)"));
	}

	@Test
	void headersOfTheCurrentRecord() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		record.headers().add("x", "ключ-🔑-鍵".getBytes(StandardCharsets.UTF_8));
		assertThat(key(Orders.class, "onHeader", record, new Order("o-1")))
			.isEqualTo(MessageKey.of("ключ-🔑-鍵", "key expression '#headers['x']' of Orders.onHeader(Order)"));
	}

	@Test
	void lastValueOfARepeatedHeaderWins() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		record.headers().add("x", "first".getBytes(StandardCharsets.UTF_8));
		record.headers().add("x", "last".getBytes(StandardCharsets.UTF_8));
		assertThat(key(Orders.class, "onHeader", record, new Order("o-1")).value()).isEqualTo("last");
	}

	@Test
	void headersOfARecordParameter() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		record.headers().add("x", "h-1".getBytes(StandardCharsets.UTF_8));
		assertThat(key(Orders.class, "onRecordHeader", null, record).value()).isEqualTo("h-1");
	}

	@Test
	void headerAbsentFromTheRecordGivesNull() {
		MessageKey key = key(Orders.class, "onHeader", record("rk-1", new Order("o-1")), new Order("o-1"));
		assertThat(key.isPresent()).isFalse();
		assertThat(key.describeAbsence())
			.isEqualTo("key expression '#headers['x']' of Orders.onHeader(Order) gave null");
	}

	@Test
	void headersWithoutARecordAreEmpty() {
		MessageKey key = key(Orders.class, "onHeader", null, new Order("o-1"));
		assertThat(key).isEqualTo(MessageKey.of(null, "key expression '#headers['x']' of Orders.onHeader(Order)"));
	}

	@Test
	void recordKey() {
		assertThat(key(Orders.class, "onRecordKey", record("rk-1", new Order("o-1")), new Order("o-1")))
			.isEqualTo(MessageKey.of("rk-1", "key expression '#record.key()' of Orders.onRecordKey(Order)"));
	}

	@Test
	void recordKeyOfBytesIsDecodedAsUtf8() {
		ConsumerRecord<Object, Object> record = record("ключ".getBytes(StandardCharsets.UTF_8), new Order("o-1"));
		assertThat(key(Orders.class, "onRecordKey", record, new Order("o-1")).value()).isEqualTo("ключ");
	}

	@Test
	void messageIsTheRawRecord() {
		assertThat(key(Orders.class, "onMessageKey", record("rk-1", new Order("o-1")), new Order("o-1")))
			.isEqualTo(MessageKey.of("rk-1", "key expression '#message.key()' of Orders.onMessageKey(Order)"));
	}

	@Test
	void recordOfARecordParameter() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		assertThat(key(Orders.class, "onRecordParameterKey", null, record).value()).isEqualTo("rk-1");
	}

	@Test
	void parameterByName() {
		assertThat(key(Orders.class, "onOrder", null, new Order("o-1")))
			.isEqualTo(MessageKey.of("o-1", "key expression '#order.id' of Orders.onOrder(Order)"));
	}

	@Test
	void parameterByPosition() {
		assertThat(key(Orders.class, "onPosition", null, "tenant-1", new Order("o-1")).value())
			.isEqualTo("tenant-1/o-1");
	}

	@Test
	void nonTextKeyIsConvertedToText() {
		assertThat(key(Orders.class, "onNumber", null, new Order("o-1", null, 42)).value()).isEqualTo("42");
	}

	@Test
	void nullKeyIsNotPresent() {
		MessageKey key = key(Orders.class, "onCustomer", null, new Order("o-1", null, 0));
		assertThat(key.isPresent()).isFalse();
		assertThat(key.failure()).isNull();
		assertThat(key.describeAbsence())
			.isEqualTo("key expression '#payload.customer' of Orders.onCustomer(Order) gave null");
	}

	@Test
	void blankKeyIsNotPresent() {
		MessageKey key = key(Orders.class, "onCustomer", null, new Order("o-1", "  ", 0));
		assertThat(key.isPresent()).isFalse();
		assertThat(key.describeAbsence())
			.isEqualTo("key expression '#payload.customer' of Orders.onCustomer(Order) gave a blank value");
	}

	@Test
	void expressionThatFailsGivesAFailedKey() {
		MessageKey key = key(Orders.class, "onNope", null, new Order("o-1"));
		assertThat(key.isPresent()).isFalse();
		assertThat(key.value()).isNull();
		assertThat(key.failure()).isInstanceOf(SpelEvaluationException.class).hasMessageContaining("EL1008E");
		assertThat(key.describeAbsence()).isEqualTo(
				"key expression '#payload.nope' of Orders.onNope(Order) failed: " + key.failure().getMessage());
	}

	@Test
	void expressionOverANullPayloadGivesAFailedKey() {
		MessageKey key = key(Orders.class, "on", null, new Object[] { null });
		assertThat(key.isPresent()).isFalse();
		assertThat(key.failure()).isInstanceOf(SpelEvaluationException.class).hasMessageContaining("EL1007E");
		assertThat(key.describeAbsence())
			.startsWith("key expression '#payload.id' of Orders.on(Order) failed: ");
	}

	@Test
	void expressionWhoseMethodThrowsGivesAFailedKey() {
		MessageKey key = key(Orders.class, "onSubstring", null, new Order("o-1"));
		assertThat(key.isPresent()).isFalse();
		assertThat(key.failure()).isInstanceOf(StringIndexOutOfBoundsException.class);
		assertThat(key.describeAbsence()).isEqualTo(
				"key expression '#payload.id.substring(10)' of Orders.onSubstring(Order) failed: "
						+ key.failure().getMessage());
	}

	@Test
	void malformedExpressionFailsAtRegistration() {
		Method method = method(Malformed.class, "on");
		String parseFailure = parseFailure("#payload.");
		assertThatIllegalStateException().isThrownBy(() -> methods(null, "idempotency-key").register(method,
				Malformed.class))
			.withMessageStartingWith("Invalid @Idempotent key expression '#payload.' on Malformed.on(Order): ")
			.withMessage("Invalid @Idempotent key expression '#payload.' on Malformed.on(Order): " + parseFailure
					+ ". Fix the SpEL expression, for example \"#payload.id\" or \"#headers['order-id']\".")
			.withCauseInstanceOf(ParseException.class);
	}

	@Test
	void keyHeaderWithoutExpression() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		record.headers().add("idempotency-key", "hk-1".getBytes(StandardCharsets.UTF_8));
		record.headers().add("x-request-id", "req-1".getBytes(StandardCharsets.UTF_8));
		assertThat(key(Orders.class, "onHeaderKey", record, new Order("o-1")))
			.isEqualTo(MessageKey.of("hk-1", "header 'idempotency-key'"));
	}

	@Test
	void customKeyHeaderWithoutExpression() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		record.headers().add("idempotency-key", "hk-1".getBytes(StandardCharsets.UTF_8));
		record.headers().add("x-request-id", "req-1".getBytes(StandardCharsets.UTF_8));
		assertThat(key(methods(null, "x-request-id"), Orders.class, "onHeaderKey", record, new Order("o-1")))
			.isEqualTo(MessageKey.of("req-1", "header 'x-request-id'"));
	}

	@Test
	void keyHeaderOfARecordParameter() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		record.headers().add("idempotency-key", "hk-1".getBytes(StandardCharsets.UTF_8));
		assertThat(key(Orders.class, "onRecordHeaderKey", null, record).value()).isEqualTo("hk-1");
	}

	@Test
	void missingKeyHeader() {
		MessageKey key = key(Orders.class, "onHeaderKey", record("rk-1", new Order("o-1")), new Order("o-1"));
		assertThat(key.isPresent()).isFalse();
		assertThat(key.describeAbsence()).isEqualTo("header 'idempotency-key' gave null");
		assertThat(key(Orders.class, "onHeaderKey", null, new Order("o-1")).describeAbsence())
			.isEqualTo("header 'idempotency-key' gave null");
	}

	@Test
	void currentRecordIsClearedAfterTheRecord() {
		ConsumerRecord<Object, Object> record = record("rk-1", new Order("o-1"));
		this.currentRecord.intercept(record, null);
		assertThat(CurrentKafkaRecord.get()).isSameAs(record);
		this.currentRecord.afterRecord(record, null);
		assertThat(CurrentKafkaRecord.get()).isNull();
	}

	@Test
	void consumerOfTheAnnotationComesFirst() {
		assertThat(consumer(methods("consumer-property", "idempotency-key"), Consumers.class, "annotated"))
			.isEqualTo("payments");
		assertThat(consumer(methods("consumer-property", "idempotency-key"), Consumers.class, "placeholder"))
			.isEqualTo("orders-x");
	}

	@Test
	void consumerNamePropertyComesBeforeTheListenerId() {
		assertThat(consumer(methods("consumer-property", "idempotency-key"), Consumers.class, "withId"))
			.isEqualTo("consumer-property");
	}

	@Test
	void listenerIdComesBeforeTheMethodName() {
		assertThat(consumer(methods(null, "idempotency-key"), Consumers.class, "withId")).isEqualTo("orders-listener");
		assertThat(consumer(methods("", "idempotency-key"), Consumers.class, "withId")).isEqualTo("orders-listener");
		assertThat(consumer(methods(null, "idempotency-key"), Consumers.class, "withIdPlaceholder"))
			.isEqualTo("orders-listener-x");
	}

	@Test
	void methodNameIsTheLastResort() {
		assertThat(consumer(methods(null, "idempotency-key"), Consumers.class, "withoutId"))
			.isEqualTo("Consumers.withoutId");
		assertThat(consumer(methods(null, "idempotency-key"), Consumers.class, "notAListener"))
			.isEqualTo("Consumers.notAListener");
		assertThat(this.resolvedConsumers).containsExactly("Consumers.withoutId", "Consumers.notAListener");
	}

	@Test
	void methodOfAClassAnnotatedWithIdempotent() {
		IdempotentMethods methods = methods(null, "idempotency-key");
		assertThat(methods.get(method(Payments.class, "onPayment"), Payments.class).policy().consumer())
			.isEqualTo("class-level");
		assertThat(key(methods, Payments.class, "onPayment", null, new Order("o-1")))
			.isEqualTo(MessageKey.of("o-1", "key expression '#payload.id' of Payments.onPayment(Order)"));
		assertThat(methods.get(method(Payments.class, "onRefund"), Payments.class).policy().consumer())
			.isEqualTo("refunds");
		assertThat(key(methods, Payments.class, "onRefund", null, new Order("o-1", "c-1", 0)).value())
			.isEqualTo("c-1");
	}

	@Test
	void methodWithoutBrokerTakesItsFirstArgumentAsPayload() {
		assertThat(key(Orders.class, "direct", record("rk-1", new Order("from-record")), new Order("o-1")))
			.isEqualTo(MessageKey.of("o-1", "key expression '#payload.id' of Orders.direct(Order)"));
	}

	@Test
	void methodIsResolvedOnce() {
		IdempotentMethods methods = methods(null, "idempotency-key");
		Method method = method(Orders.class, "on");
		assertThat(methods.get(method, Orders.class)).isSameAs(methods.get(method, Orders.class));
		methods.register(method, Orders.class);
		assertThat(this.resolvedConsumers).containsExactly("Orders.on");
	}

	@Test
	void settingsOfTheConsumerApply() {
		ConsumerPolicy policy = policy(Consumers.class, "withoutId");
		assertThat(policy).isEqualTo(new ConsumerPolicy("Consumers.withoutId", Duration.ofDays(7),
				Duration.ofMinutes(5), MissingKeyPolicy.REJECT, InProgressPolicy.RETRY, StoreErrorPolicy.REJECT));
	}

	@Test
	void ttlAndLeaseOfTheAnnotationOverrideTheConsumerPolicy() {
		ConsumerPolicy policy = policy(Durations.class, "overridden");
		assertThat(policy.ttl()).isEqualTo(Duration.ofDays(30));
		assertThat(policy.lease()).isEqualTo(Duration.ofMinutes(1));
		assertThat(policy.consumer()).isEqualTo("durations");
		assertThat(policy.onMissingKey()).isEqualTo(MissingKeyPolicy.REJECT);
		ConsumerPolicy placeholder = policy(Durations.class, "placeholder");
		assertThat(placeholder.ttl()).isEqualTo(Duration.ofDays(30));
		assertThat(placeholder.lease()).isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void ttlThatIsNotADurationFails() {
		assertThatIllegalStateException().isThrownBy(() -> policy(Durations.class, "badTtl"))
			.withMessage("Invalid @Idempotent(ttl = \"abc\") on Durations.badTtl(Order): not a duration. "
					+ "Use a value such as \"30s\", \"5m\", \"7d\" or \"PT1H\".")
			.withCauseInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void zeroLeaseFails() {
		assertThatIllegalStateException().isThrownBy(() -> policy(Durations.class, "zeroLease"))
			.withMessage("Invalid @Idempotent(lease = \"0s\") on Durations.zeroLease(Order): "
					+ "the duration must be positive.");
	}

	@Test
	void negativeTtlFails() {
		assertThatIllegalStateException().isThrownBy(() -> policy(Durations.class, "negativeTtl"))
			.withMessage("Invalid @Idempotent(ttl = \"-1s\") on Durations.negativeTtl(Order): "
					+ "the duration must be positive.");
	}

	@Test
	void batchListenerWithoutABatchParameterFails() {
		IdempotentMethods methods = methods(null, "idempotency-key");
		assertThatIllegalStateException()
			.isThrownBy(() -> methods.register(method(Batches.class, "declared"), Batches.class))
			.withMessage("@Idempotent batch listener Batches.declared has no batch parameter: declare ConsumerRecords, "
					+ "List<ConsumerRecord>, List<Message<?>> or a List of payloads.");
	}

	@Test
	void fingerprintOnABatchListenerFails() {
		IdempotentMethods methods = methods(null, "idempotency-key");
		assertThatIllegalStateException()
			.isThrownBy(() -> methods.register(method(Batches.class, "fingerprinted"), Batches.class))
			.withMessage("@Idempotent(fingerprint) is not supported on batch listener Batches.fingerprinted(List): "
					+ "remove the fingerprint, or gate a record listener.");
	}

	@Test
	void unresolvablePlaceholderFailsNamingTheMethod() {
		assertThatIllegalStateException().isThrownBy(() -> policy(Durations.class, "missingPlaceholder"))
			.withMessage("Invalid @Idempotent attribute \"${orders.missing-ttl}\" on "
					+ "Durations.missingPlaceholder(Order): Could not resolve placeholder 'orders.missing-ttl' in value "
					+ "\"${orders.missing-ttl}\". Define the property or give the value directly.");
	}

	@Test
	void invalidDurationFailsAtRegistration() {
		IdempotentMethods methods = methods(null, "idempotency-key");
		assertThatIllegalStateException()
			.isThrownBy(() -> methods.register(method(Durations.class, "badLease"), Durations.class))
			.withMessage("Invalid @Idempotent(lease = \"abc\") on Durations.badLease(Order): not a duration. "
					+ "Use a value such as \"30s\", \"5m\", \"7d\" or \"PT1H\".");
	}

	private MessageKey key(Class<?> type, String name, @Nullable ConsumerRecord<Object, Object> current,
			@Nullable Object... arguments) {
		return key(methods(null, "idempotency-key"), type, name, current, arguments);
	}

	private MessageKey key(IdempotentMethods methods, Class<?> type, String name,
			@Nullable ConsumerRecord<Object, Object> current, @Nullable Object... arguments) {
		Method method = method(type, name);
		IdempotentMethod idempotentMethod = methods.get(method, type);
		if (current != null) {
			this.currentRecord.intercept(current, null);
		}
		try {
			InboundMessage message = idempotentMethod.binding().message(arguments);
			return idempotentMethod.key().resolve(method, arguments, message);
		}
		finally {
			if (current != null) {
				this.currentRecord.afterRecord(current, null);
			}
		}
	}

	private String consumer(IdempotentMethods methods, Class<?> type, String name) {
		return methods.get(method(type, name), type).policy().consumer();
	}

	private ConsumerPolicy policy(Class<?> type, String name) {
		return methods(null, "idempotency-key").get(method(type, name), type).policy();
	}

	private IdempotentMethods methods(@Nullable String consumerName, String keyHeader) {
		return new IdempotentMethods(List.of(new KafkaListenerAdapter(this.environment)), (consumer) -> {
			this.resolvedConsumers.add(consumer);
			return new ConsumerPolicy(consumer, Duration.ofDays(7), Duration.ofMinutes(5), MissingKeyPolicy.REJECT,
					InProgressPolicy.RETRY, StoreErrorPolicy.REJECT);
		}, consumerName, (consumer) -> keyHeader, this.environment);
	}

	private static Method method(Class<?> type, String name) {
		List<Method> methods = Arrays.stream(type.getDeclaredMethods())
			.filter((method) -> method.getName().equals(name))
			.toList();
		assertThat(methods).hasSize(1);
		return methods.get(0);
	}

	private static ConsumerRecord<Object, Object> record(Object key, Object value) {
		return new ConsumerRecord<>("orders", 0, 42L, 0L, TimestampType.CREATE_TIME, -1, -1, key, value,
				new RecordHeaders(), Optional.empty());
	}

	private static String parseFailure(String expression) {
		try {
			new SpelExpressionParser().parseExpression(expression);
		}
		catch (ParseException ex) {
			return ex.getMessage();
		}
		throw new AssertionError("'" + expression + "' parsed");
	}

	static class Order {

		private final String id;

		private final @Nullable String customer;

		private final int number;

		Order(String id) {
			this(id, null, 0);
		}

		Order(String id, @Nullable String customer, int number) {
			this.id = id;
			this.customer = customer;
			this.number = number;
		}

		public String getId() {
			return this.id;
		}

		public @Nullable String getCustomer() {
			return this.customer;
		}

		public int getNumber() {
			return this.number;
		}

	}

	record Invoice(String id) {
	}

	static class Orders {

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id")
		void on(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id")
		void onInvoice(Invoice invoice) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id")
		void onRecord(ConsumerRecord<String, Order> record) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id")
		void onMessage(Message<Order> message) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id")
		void onAnnotated(@Header("x-tenant") String tenant, @Payload Order order,
				@Header(KafkaHeaders.RECEIVED_KEY) String key) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id")
		void onWithHeaders(@Header(KafkaHeaders.RECEIVED_KEY) String key, Order order, Acknowledgment acknowledgment) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#tenant + ':' + #payload.id")
		void onTenant(@Header("x-tenant") String tenant, Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#headers['x']")
		void onHeader(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#headers['x']")
		void onRecordHeader(ConsumerRecord<String, Order> record) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#record.key()")
		void onRecordKey(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#message.key()")
		void onMessageKey(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#record.key()")
		void onRecordParameterKey(ConsumerRecord<String, Order> record) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#order.id")
		void onOrder(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#p0 + '/' + #a1.id")
		void onPosition(@Header("x-tenant") String tenant, Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.number")
		void onNumber(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.customer")
		void onCustomer(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.nope")
		void onNope(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id.substring(10)")
		void onSubstring(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent
		void onHeaderKey(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent
		void onRecordHeaderKey(ConsumerRecord<String, Order> record) {
		}

		@Idempotent(key = "#payload.id")
		void direct(Order order) {
		}

	}

	static class Malformed {

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.")
		void on(Order order) {
		}

	}

	static class Consumers {

		@KafkaListener(id = "orders-listener", topics = "orders")
		@Idempotent(key = "#payload.id", consumer = "payments")
		void annotated(Order order) {
		}

		@KafkaListener(id = "orders-listener", topics = "orders")
		@Idempotent(key = "#payload.id", consumer = "${orders.consumer}")
		void placeholder(Order order) {
		}

		@KafkaListener(id = "orders-listener", topics = "orders")
		@Idempotent(key = "#payload.id")
		void withId(Order order) {
		}

		@KafkaListener(id = "${orders.listener-id}", topics = "orders")
		@Idempotent(key = "#payload.id")
		void withIdPlaceholder(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id")
		void withoutId(Order order) {
		}

		@Idempotent(key = "#payload.id")
		void notAListener(Order order) {
		}

	}

	@Idempotent(key = "#payload.id", consumer = "class-level")
	static class Payments {

		@KafkaListener(topics = "payments")
		void onPayment(Order order) {
		}

		@KafkaListener(topics = "refunds")
		@Idempotent(key = "#payload.customer", consumer = "refunds")
		void onRefund(Order order) {
		}

	}

	static class Batches {

		@KafkaListener(topics = "orders", batch = "true")
		@Idempotent(key = "#p0")
		void declared(String orders) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload", fingerprint = "#payload")
		void fingerprinted(List<String> orders) {
		}

	}

	static class Durations {

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id", consumer = "durations", ttl = "30d", lease = "PT1M")
		void overridden(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id", ttl = "${orders.ttl}", lease = "90s")
		void placeholder(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id", ttl = "abc")
		void badTtl(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id", ttl = "${orders.missing-ttl}")
		void missingPlaceholder(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id", lease = "abc")
		void badLease(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id", lease = "0s")
		void zeroLease(Order order) {
		}

		@KafkaListener(topics = "orders")
		@Idempotent(key = "#payload.id", ttl = "-1s")
		void negativeTtl(Order order) {
		}

	}

}
