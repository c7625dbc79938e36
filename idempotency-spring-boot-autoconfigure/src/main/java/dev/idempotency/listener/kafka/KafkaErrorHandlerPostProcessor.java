package dev.idempotency.listener.kafka;

import java.time.Duration;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.IdempotencyKeyException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.listener.ExceptionClassifier;
import org.springframework.kafka.listener.FailedRecordProcessor;

/**
 * Teaches every error handler bean (such as a {@code DefaultErrorHandler}) the gate's exceptions:
 * {@link IdempotencyKeyException} and {@link IdempotencyConflictException} are not retryable, so
 * that a message without a key, or with a reused key, goes to the recoverer at once; the
 * retryable refusals (store unreachable, claim still held) are retried with
 * {@link GateRetryBackOff} until they pass, never handed to the recoverer.
 *
 * <p>This replaces a back-off function the application set on the handler itself.
 */
public class KafkaErrorHandlerPostProcessor implements BeanPostProcessor {

	/** The pause between two attempts of a delivery the gate refused for a passing cause. */
	static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ExceptionClassifier classifier) {
			configure(classifier);
		}
		return bean;
	}

	/**
	 * Configure an error handler for the gate's exceptions.
	 * @param handler the error handler
	 */
	static void configure(ExceptionClassifier handler) {
		handler.addNotRetryableExceptions(IdempotencyKeyException.class, IdempotencyConflictException.class);
		if (handler instanceof FailedRecordProcessor processor) {
			processor.setBackOffFunction(new GateRetryBackOff(RETRY_INTERVAL));
		}
	}

}
