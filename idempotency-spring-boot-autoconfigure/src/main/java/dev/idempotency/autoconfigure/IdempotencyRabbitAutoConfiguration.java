package dev.idempotency.autoconfigure;

import dev.idempotency.listener.rabbit.RabbitContainerFactoryPostProcessor;
import dev.idempotency.listener.rabbit.RabbitListenerAdapter;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the gate for {@code @RabbitListener} methods.
 */
@AutoConfiguration(before = IdempotencyAutoConfiguration.class)
@ConditionalOnClass(RabbitListener.class)
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
public final class IdempotencyRabbitAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static RabbitListenerAdapter rabbitIdempotencyListenerAdapter(Environment environment,
			ObjectProvider<RabbitListenerEndpointRegistry> endpointRegistry) {
		return new RabbitListenerAdapter(environment, endpointRegistry::getIfUnique);
	}

	@Bean
	static RabbitContainerFactoryPostProcessor rabbitContainerFactoryPostProcessor() {
		return new RabbitContainerFactoryPostProcessor();
	}

}
