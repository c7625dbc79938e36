package dev.idempotency.listener.kafka;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Adds {@link CurrentKafkaRecord} to every listener container factory bean, after any record
 * interceptor the factory already has, so that the gate sees the record the listener receives.
 */
public class KafkaRecordExposingPostProcessor implements BeanPostProcessor {

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractKafkaListenerContainerFactory factory) {
			RecordInterceptor existing = factory.getRecordInterceptor();
			factory.setRecordInterceptor((existing != null)
					? new CompositeRecordInterceptor(existing, new CurrentKafkaRecord()) : new CurrentKafkaRecord());
		}
		return bean;
	}

}
