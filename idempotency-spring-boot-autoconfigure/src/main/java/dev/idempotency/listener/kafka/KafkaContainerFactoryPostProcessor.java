package dev.idempotency.listener.kafka;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CompositeBatchInterceptor;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Adds {@link CurrentKafkaRecord} and {@link CurrentKafkaBatch} to every listener container
 * factory bean, after any record or batch interceptor the factory already has, so that the gate
 * sees the records the listener receives, and wraps the consumers of its consumer factory so that
 * completions wait for the container's next commit (see {@link KafkaPollScopes}); a consumer
 * factory that takes no post-processor leaves its listeners completing each record on its own. The
 * factory's error handling is left as the application configured it (see
 * {@link KafkaContainerErrorHandlers}).
 */
public class KafkaContainerFactoryPostProcessor implements BeanPostProcessor {

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
			ConsumerFactory consumers = factory.getConsumerFactory();
			if (consumers != null && !consumers.getPostProcessors().contains(KafkaPollScopes.WRAP_CONSUMERS)) {
				consumers.addPostProcessor(KafkaPollScopes.WRAP_CONSUMERS);
			}
		}
		return bean;
	}

}
