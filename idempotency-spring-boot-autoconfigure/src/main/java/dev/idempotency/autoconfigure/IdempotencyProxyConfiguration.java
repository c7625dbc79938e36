package dev.idempotency.autoconfigure;

import dev.idempotency.listener.IdempotentMethodInterceptor;
import dev.idempotency.listener.IdempotentMethods;
import dev.idempotency.listener.IdempotentPointcut;
import dev.idempotency.listener.ListenerAdapter;
import dev.idempotency.core.IdempotencyGate;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * The advisor that puts the gate around idempotent methods. Its beans are infrastructure, created
 * while post-processors are registered, so they reach the gate lazily on first use instead of
 * creating it early.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
class IdempotencyProxyConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static IdempotentPointcut idempotentPointcut(Environment environment, ObjectProvider<ListenerAdapter> adapters) {
		boolean autoListeners = Binder.get(environment).bind("idempotency.auto-listeners", Boolean.class).orElse(false);
		return new IdempotentPointcut(autoListeners, adapters.orderedStream().toList());
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static IdempotentMethodInterceptor idempotentMethodInterceptor(ObjectProvider<IdempotentMethods> methods,
			ObjectProvider<IdempotencyGate> gate) {
		return new IdempotentMethodInterceptor(methods::getObject, gate::getObject);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor idempotencyAdvisor(IdempotentPointcut idempotentPointcut,
			IdempotentMethodInterceptor idempotentMethodInterceptor) {
		return new DefaultPointcutAdvisor(idempotentPointcut, idempotentMethodInterceptor);
	}

}
