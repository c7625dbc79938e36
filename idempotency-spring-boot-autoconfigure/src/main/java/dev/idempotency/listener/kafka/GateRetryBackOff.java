package dev.idempotency.listener.kafka;

import java.time.Duration;
import java.util.function.BiFunction;

import dev.idempotency.IdempotencyException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The back-off of a {@code DefaultErrorHandler} for the gate's retryable refusals (the store is
 * unreachable, another delivery still holds the claim): retry every second for as long as it
 * takes, so that the message is never given up on for a cause that is not its own. Other
 * failures keep the handler's own back-off.
 */
public final class GateRetryBackOff implements BiFunction<ConsumerRecord<?, ?>, Exception, @Nullable BackOff> {

	private final BackOff backOff;

	/**
	 * Create the back-off function.
	 * @param interval the pause between two attempts
	 */
	public GateRetryBackOff(Duration interval) {
		this.backOff = new FixedBackOff(interval.toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
	}

	@Override
	public @Nullable BackOff apply(ConsumerRecord<?, ?> record, Exception failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IdempotencyException refusal) {
				return refusal.isRetryable() ? this.backOff : null;
			}
		}
		return null;
	}

}
