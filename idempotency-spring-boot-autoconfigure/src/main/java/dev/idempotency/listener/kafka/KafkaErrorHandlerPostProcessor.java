package dev.idempotency.listener.kafka;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.IdempotencyKeyException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.listener.ExceptionClassifier;

/**
 * Classifies {@link IdempotencyKeyException} and {@link IdempotencyConflictException} as not
 * retryable in every error handler bean (such as a {@code DefaultErrorHandler}), so that a message
 * without a key, or with a reused key, goes to the recoverer at once instead of failing the same
 * way on every retry.
 */
public class KafkaErrorHandlerPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ExceptionClassifier classifier) {
			classifier.addNotRetryableExceptions(IdempotencyKeyException.class, IdempotencyConflictException.class);
		}
		return bean;
	}

}
