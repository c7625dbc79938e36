package dev.idempotency.listener.rabbit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.rabbitmq.client.Channel;
import dev.idempotency.IdempotencyException;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;

/**
 * Settles, for one listener method, the deliveries the gate decided on without the method: a
 * skipped duplicate is acknowledged when the method acknowledges manually (the container does it
 * otherwise); a refused delivery is rejected without requeue when it can never pass (no key,
 * another payload under its key), so that a dead-letter exchange receives it, and is handed back
 * after a pause when it was refused for a passing cause (the store is unreachable, another
 * delivery still holds the claim), so that the consumer does not spin on an immediate requeue.
 */
final class RabbitAcknowledgement {

	/** The pause before a delivery refused for a passing cause is handed back. */
	private static final Duration REQUEUE_DELAY = Duration.ofSeconds(1);

	private final boolean manual;

	/**
	 * Create the acknowledgement of a method.
	 * @param manual whether the method acknowledges its messages itself
	 */
	RabbitAcknowledgement(boolean manual) {
		this.manual = manual;
	}

	/**
	 * Acknowledge messages whose body was skipped, if the method acknowledges manually.
	 * @param channel the channel they arrived on
	 * @param messages the messages
	 */
	void acknowledge(@Nullable Channel channel, List<Message> messages) {
		if (!this.manual || channel == null) {
			return;
		}
		try {
			for (Message message : messages) {
				channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
			}
		}
		catch (IOException ex) {
			throw RabbitExceptionTranslator.convertRabbitAccessException(ex);
		}
	}

	/**
	 * Return the exception that settles the refused delivery of this thread (see
	 * {@link CurrentRabbitDelivery}) as the refusal's cause requires, requeueing it first when the
	 * method acknowledges manually.
	 * @param refusal why the gate refused the delivery
	 * @return the exception to throw to the container
	 */
	RuntimeException refused(IdempotencyException refusal) {
		if (!refusal.isRetryable()) {
			return new AmqpRejectAndDontRequeueException(refusal.getMessage(), true, refusal);
		}
		pause();
		if (!this.manual) {
			return new ImmediateRequeueAmqpException(refusal.getMessage(), refusal);
		}
		CurrentRabbitDelivery.Delivery delivery = CurrentRabbitDelivery.get();
		if (delivery != null) {
			try {
				for (Message message : delivery.messages()) {
					delivery.channel().basicNack(message.getMessageProperties().getDeliveryTag(), false, true);
				}
			}
			catch (IOException ex) {
				refusal.addSuppressed(ex);
			}
		}
		return refusal;
	}

	private void pause() {
		try {
			Thread.sleep(REQUEUE_DELAY.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
