package dev.idempotency.listener.kafka;

import dev.idempotency.IdempotencyKeyException;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CompositeBatchInterceptor;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Adds {@link CurrentKafkaRecord} and {@link CurrentKafkaBatch} to every listener container
 * factory bean, after any record or batch interceptor the factory already has, so that the gate
 * sees the records the listener receives. When the application defines no error handler, gives
 * the factory Spring Kafka's {@link DefaultErrorHandler} configured for the gate (see
 * {@link KafkaErrorHandlerPostProcessor}), so that a store outage is waited out instead of the
 * message being skipped after ten attempts, and a message without a key ({@link IdempotencyKeyException})
 * is logged and skipped at once.
 */
public class KafkaContainerFactoryPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private ListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractKafkaListenerContainerFactory factory) {
			RecordInterceptor existing = factory.getRecordInterceptor();
			factory.setRecordInterceptor((existing != null)
					? new CompositeRecordInterceptor(existing, new CurrentKafkaRecord()) : new CurrentKafkaRecord());
			BatchInterceptor existingBatch = factory.getBatchInterceptor();
			factory.setBatchInterceptor((existingBatch != null)
					? new CompositeBatchInterceptor(existingBatch, new CurrentKafkaBatch()) : new CurrentKafkaBatch());
			if (this.beanFactory.getBeanNamesForType(CommonErrorHandler.class, false, false).length == 0) {
				DefaultErrorHandler errorHandler = new DefaultErrorHandler();
				KafkaErrorHandlerPostProcessor.configure(errorHandler);
				factory.setCommonErrorHandler(errorHandler);
			}
		}
		return bean;
	}

}
