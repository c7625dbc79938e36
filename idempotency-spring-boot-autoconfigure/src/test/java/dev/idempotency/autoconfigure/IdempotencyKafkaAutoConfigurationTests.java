package dev.idempotency.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.listener.kafka.CurrentKafkaRecord;
import dev.idempotency.listener.kafka.KafkaContainerErrorHandlers;
import dev.idempotency.listener.kafka.KafkaContainerFactoryPostProcessor;
import dev.idempotency.listener.kafka.KafkaContainerTransactions;
import dev.idempotency.listener.kafka.KafkaListenerAdapter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.RecordInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotencyKafkaAutoConfiguration}.
 */
class IdempotencyKafkaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IdempotencyAutoConfiguration.class, IdempotencyKafkaAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders");

	@Test
	void kafkaOnTheClasspathGivesTheAdapterAndPostProcessors() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(KafkaListenerAdapter.class)
			.hasSingleBean(KafkaContainerFactoryPostProcessor.class)
			.hasSingleBean(KafkaContainerErrorHandlers.class));
	}

	@Test
	void kafkaOnTheClasspathGivesTheContainerTransactionsAndAnAfterRollbackProcessor() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(KafkaContainerTransactions.class)
			.getBean(AfterRollbackProcessor.class)
			.isInstanceOf(DefaultAfterRollbackProcessor.class));
	}

	@Test
	void afterRollbackProcessorOfTheApplicationIsKept() {
		DefaultAfterRollbackProcessor<Object, Object> own = new DefaultAfterRollbackProcessor<>();
		this.contextRunner.withBean("ownAfterRollbackProcessor", AfterRollbackProcessor.class, () -> own)
			.run((context) -> assertThat(context).getBean(AfterRollbackProcessor.class).isSameAs(own));
	}

	@Test
	void withoutSpringKafkaTheGateStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(KafkaListener.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaListenerAdapter.class)
				.doesNotHaveBean(KafkaContainerFactoryPostProcessor.class)
				.hasSingleBean(IdempotencyTemplate.class));
	}

	@Test
	void disabledGivesNoKafkaBeans() {
		this.contextRunner.withPropertyValues("idempotency.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaListenerAdapter.class));
	}

	@Test
	void userRecordInterceptorIsKeptAndComposedWithTheGatesOwn() {
		List<ConsumerRecord<?, ?>> seen = new ArrayList<>();
		RecordInterceptor<Object, Object> userInterceptor = (record, consumer) -> {
			seen.add(record);
			return record;
		};
		this.contextRunner.withBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class,
				() -> {
					ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
					factory.setRecordInterceptor(userInterceptor);
					return factory;
				})
			.run((context) -> {
				@SuppressWarnings("unchecked")
				RecordInterceptor<Object, Object> interceptor = context
					.getBean(ConcurrentKafkaListenerContainerFactory.class)
					.getRecordInterceptor();
				ConsumerRecord<Object, Object> record = new ConsumerRecord<>("orders", 0, 0L, "k", "v");
				interceptor.intercept(record, null);
				assertThat(seen).containsExactly(record);
				assertThat(CurrentKafkaRecord.get()).isSameAs(record);
				interceptor.afterRecord(record, null);
				assertThat(CurrentKafkaRecord.get()).isNull();
			});
	}

}
