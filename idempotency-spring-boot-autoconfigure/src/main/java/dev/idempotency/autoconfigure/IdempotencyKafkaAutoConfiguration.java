package dev.idempotency.autoconfigure;

import dev.idempotency.listener.kafka.GateErrorHandling;
import dev.idempotency.listener.kafka.KafkaPollScopes;
import dev.idempotency.listener.kafka.KafkaContainerErrorHandlers;
import dev.idempotency.listener.kafka.KafkaContainerFactoryPostProcessor;
import dev.idempotency.listener.kafka.KafkaContainerTransactions;
import dev.idempotency.listener.kafka.KafkaListenerAdapter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Auto-configuration of the gate for {@code @KafkaListener} methods.
 */
@AutoConfiguration(before = IdempotencyAutoConfiguration.class)
@ConditionalOnClass({ KafkaListener.class, RecordInterceptor.class })
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
public final class IdempotencyKafkaAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static KafkaListenerAdapter kafkaIdempotencyListenerAdapter(Environment environment) {
		return new KafkaListenerAdapter(environment);
	}

	@Bean
	@Order(100)
	@ConditionalOnMissingBean
	KafkaContainerTransactions kafkaContainerTransactions() {
		return new KafkaContainerTransactions();
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaPollScopes kafkaPollScopes() {
		return new KafkaPollScopes();
	}

	/**
	 * The after-rollback processor of transactional containers built by Spring Boot's factory,
	 * when the application has none: Spring Kafka's own default gives a record up after ten
	 * immediate attempts, while the gate's retryable refusals must be waited out.
	 */
	@Bean
	@ConditionalOnMissingBean(AfterRollbackProcessor.class)
	DefaultAfterRollbackProcessor<Object, Object> kafkaIdempotencyAfterRollbackProcessor() {
		return GateErrorHandling.afterRollbackProcessor();
	}

	@Bean
	KafkaContainerErrorHandlers kafkaIdempotencyContainerErrorHandlers(
			ObjectProvider<KafkaListenerEndpointRegistry> registry) {
		return new KafkaContainerErrorHandlers(registry);
	}

	@Bean
	static KafkaContainerFactoryPostProcessor kafkaContainerFactoryPostProcessor() {
		return new KafkaContainerFactoryPostProcessor();
	}

}
