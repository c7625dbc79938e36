package dev.idempotency.listener.kafka;

import java.time.Duration;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.IdempotencyStoreException;

import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.FailedRecordProcessor;

/**
 * Spring Kafka's error handling as the gate needs it where the application has none: the gate's
 * refusals for a passing cause ({@link IdempotencyStoreException},
 * {@link IdempotencyInProgressException}) are retried every second for as long as they last,
 * never handed to a recoverer; those that can never pass ({@link IdempotencyKeyException},
 * {@link IdempotencyConflictException}) go to the recoverer at once.
 */
public final class GateErrorHandling {

	/** The pause between two attempts of a delivery the gate refused for a passing cause. */
	static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	private GateErrorHandling() {
	}

	/**
	 * Return an error handler for a container that has none: Spring Kafka's default handler,
	 * taught the gate's refusals.
	 * @return the error handler
	 */
	public static DefaultErrorHandler errorHandler() {
		return configure(new DefaultErrorHandler());
	}

	/**
	 * Return an after-rollback processor for transactional containers whose application has none:
	 * Spring Kafka's default processor, taught the gate's refusals.
	 * @return the after-rollback processor
	 */
	public static DefaultAfterRollbackProcessor<Object, Object> afterRollbackProcessor() {
		return configure(new DefaultAfterRollbackProcessor<>());
	}

	/**
	 * Return the handler of the gate's refusals for a passing cause only, to put beside an
	 * application's own handler: it retries them every second for as long as they last.
	 * @return the error handler
	 */
	static CommonErrorHandler refusalRetries() {
		return configure(new DefaultErrorHandler());
	}

	private static <P extends FailedRecordProcessor> P configure(P processor) {
		processor.addNotRetryableExceptions(IdempotencyKeyException.class, IdempotencyConflictException.class);
		processor.setBackOffFunction(new GateRetryBackOff(RETRY_INTERVAL));
		return processor;
	}

}
