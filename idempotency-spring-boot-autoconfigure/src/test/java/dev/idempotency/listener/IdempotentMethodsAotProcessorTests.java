package dev.idempotency.listener;

import java.util.List;

import dev.idempotency.Idempotent;
import dev.idempotency.SkipIdempotency;
import dev.idempotency.test.AotFactories;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The build-time hints for the parameter and return types of the application's idempotent
 * methods: what their expressions read, and what the gate writes and reads as JSON.
 */
class IdempotentMethodsAotProcessorTests {

	@Test
	void theProcessorIsListedInAotFactories() {
		assertThat(AotFactories.load(BeanFactoryInitializationAotProcessor.class))
			.hasExactlyElementsOfTypes(IdempotentMethodsAotProcessor.class);
	}

	@Test
	void thePayloadOfAnIdempotentMethodIsReadableByItsExpression() throws NoSuchMethodException {
		RuntimeHints hints = process(PaymentHandler.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Payment.class.getMethod("paymentId")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Payment.class.getMethod("customerKey")))
			.accepts(hints);
	}

	@Test
	void theElementsOfABatchAreReadableByTheExpression() throws NoSuchMethodException {
		RuntimeHints hints = process(OrderBatchHandler.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class.getMethod("getId")))
			.accepts(hints);
	}

	@Test
	void theReturnTypeCanBeWrittenAndReadAsJson() throws NoSuchMethodException {
		RuntimeHints hints = process(OrderBatchHandler.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(Receipt.class)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.ACCESS_DECLARED_FIELDS))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Receipt.class.getMethod("setNumber", String.class))).accepts(hints);
	}

	@Test
	void theMessageOfAMessageParameterAndItsPayloadAreReadable() throws NoSuchMethodException {
		RuntimeHints hints = process(ParcelHandler.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GenericMessage.class.getMethod("getPayload")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class.getMethod("getTrackingId")))
			.accepts(hints);
	}

	@Test
	void theListenerMethodsOfAnIdempotentClassAreRegisteredAndItsOtherMethodsAreNot() {
		RuntimeHints hints = process(IdempotentListeners.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(Shipment.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Skipped.class)).rejects(hints);
	}

	@Test
	void beansWithoutIdempotentMethodsContributeNothing() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(PlainBean.class));
		assertThat(new IdempotentMethodsAotProcessor().processAheadOfTime(beanFactory)).isNull();
	}

	private static RuntimeHints process(Class<?> beanClass) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(PlainBean.class));
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(IdempotentMethodsAotProcessorTests.class)),
				new InMemoryGeneratedFiles());
		for (BeanFactoryInitializationAotProcessor processor : AotFactories
			.load(BeanFactoryInitializationAotProcessor.class)) {
			BeanFactoryInitializationAotContribution contribution = processor.processAheadOfTime(beanFactory);
			if (contribution != null) {
				contribution.applyTo(generationContext, mock(BeanFactoryInitializationCode.class));
			}
		}
		RuntimeHints hints = generationContext.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).as("a type of no idempotent method")
			.rejects(hints);
		return hints;
	}

	public record Payment(String paymentId, String customer) {

		public String customerKey() {
			return this.customer + ":" + this.paymentId;
		}

	}

	public static class Order {

		private String id;

		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

	}

	public static class Receipt {

		private String number;

		public String getNumber() {
			return this.number;
		}

		public void setNumber(String number) {
			this.number = number;
		}

	}

	public static class Parcel {

		private String trackingId;

		public String getTrackingId() {
			return this.trackingId;
		}

	}

	public record Shipment(String id) {
	}

	public record Unrelated(String id) {
	}

	public record Skipped(String id) {
	}

	static class PaymentHandler {

		@Idempotent(key = "#payload.paymentId", fingerprint = "#payload")
		public void onPayment(Payment payment) {
		}

	}

	static class OrderBatchHandler {

		@Idempotent(key = "#p0[0].id")
		public Receipt onOrders(List<Order> orders) {
			return new Receipt();
		}

	}

	static class ParcelHandler {

		@Idempotent(key = "#p0.payload.trackingId")
		public void onParcel(Message<Parcel> message) {
		}

	}

	@Idempotent(key = "#payload.id")
	static class IdempotentListeners {

		@KafkaListener(topics = "shipments")
		public void onShipment(Shipment shipment) {
		}

		@KafkaListener(topics = "skipped")
		@SkipIdempotency
		public void onSkipped(Skipped skipped) {
		}

		public void helper(Unrelated unrelated) {
		}

	}

	static class PlainBean {

		public void on(Unrelated unrelated) {
		}

	}

}
