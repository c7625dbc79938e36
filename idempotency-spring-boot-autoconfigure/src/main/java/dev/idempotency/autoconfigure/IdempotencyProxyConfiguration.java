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
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The advisor that puts the gate around idempotent methods. Its beans are infrastructure, created
 * while post-processors are registered, so they reach the gate lazily on first use instead of
 * creating it early.
 *
 * <p>The advisor's order is {@code idempotency.aspect-order}. By default it has the lowest
 * precedence, the default order of {@code @Transactional} too, and is registered after the
 * application's own configuration and Boot's transaction auto-configuration. Advisors of equal
 * order keep their registration order, so the gate runs inside the transaction of a
 * {@code @Transactional} listener: a store that joins that transaction commits or rolls back the
 * record together with the listener's writes. A higher precedence puts the gate outside the
 * transaction. Spring's {@code @Retryable} adds its advice in front of every advisor of a proxy,
 * whatever the order, so each attempt passes the gate.
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
			IdempotentMethodInterceptor idempotentMethodInterceptor, Environment environment) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(idempotentPointcut, idempotentMethodInterceptor);
		advisor.setOrder(Binder.get(environment)
			.bind("idempotency.aspect-order", Integer.class)
			.orElse(Ordered.LOWEST_PRECEDENCE));
		return advisor;
	}

}
