package dev.idempotency.listener.rabbit;

import java.util.Arrays;

import org.aopalliance.aop.Advice;

import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Adds {@link CurrentRabbitDelivery} to the advice chain of every listener container factory
 * bean, after the advice the factory already has (such as a retry interceptor), so that the gate
 * sees each delivery the listener receives.
 */
public class RabbitContainerFactoryPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof BaseRabbitListenerContainerFactory<?> factory) {
			Advice[] existing = factory.getAdviceChain();
			Advice[] chain = (existing != null) ? Arrays.copyOf(existing, existing.length + 1) : new Advice[1];
			chain[chain.length - 1] = new CurrentRabbitDelivery();
			factory.setAdviceChain(chain);
		}
		return bean;
	}

}
