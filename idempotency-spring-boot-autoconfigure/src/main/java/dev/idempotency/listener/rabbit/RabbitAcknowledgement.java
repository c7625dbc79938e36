package dev.idempotency.listener.rabbit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import com.rabbitmq.client.Channel;
import dev.idempotency.IdempotencyException;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;

/**
 * Settles, for one listener method, the deliveries the gate decided on without the method: a
 * skipped duplicate is acknowledged when the container's acknowledge mode is MANUAL (the
 * container does it otherwise, whether or not the method takes the channel); a refused delivery is rejected without requeue when it can never pass (no key,
 * another payload under its key), so that a dead-letter exchange receives it, and is handed back
 * after a pause when it was refused for a passing cause (the store is unreachable, another
 * delivery still holds the claim), so that the consumer does not spin on an immediate requeue.
 */
final class RabbitAcknowledgement {

	/** The pause before a delivery refused for a passing cause is handed back. */
	private static final Duration REQUEUE_DELAY = Duration.ofSeconds(1);

	private final RabbitListenerContainerSettings container;

	/**
	 * Create the acknowledgement of a method.
	 * @param container the settings of the container that delivers to it
	 */
	RabbitAcknowledgement(RabbitListenerContainerSettings container) {
		this.container = container;
	}

	/**
	 * Whether the method acknowledges the current delivery itself.
	 */
	boolean manual() {
		return this.container.acknowledgesManually();
	}

	/**
	 * Acknowledge messages whose body was skipped, if the method acknowledges manually.
	 * @param channel the channel they arrived on
	 * @param messages the messages
	 */
	void acknowledge(@Nullable Channel channel, List<Message> messages) {
		if (channel == null || !manual()) {
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
	 * Reject some messages of a batch the container delivered message by message (each with its
	 * own delivery tag), without requeue, so that a dead-letter exchange receives them while the
	 * method runs for the others. A tag rejected here is no longer outstanding, so the
	 * container's acknowledgement of the batch ({@code basicAck(lastTag, multiple = true)}) and
	 * the method's own acknowledgements pass over it. The last message of a batch the container
	 * acknowledges cannot be rejected before: its tag is the one the container acknowledges. It
	 * is rejected by the container instead, once the others are done: the returned supplier
	 * acknowledges them and gives the rejection to throw.
	 * @param channel the channel the batch arrived on
	 * @param batch the messages of the batch, in delivery order
	 * @param rejected the positions of the messages to reject, in batch order
	 * @param cause why they are rejected
	 * @return what is left to do once the method is done with the others, or {@code null}
	 */
	@Nullable Supplier<RuntimeException> rejectAlone(Channel channel, List<Message> batch, List<Integer> rejected,
			RuntimeException cause) {
		int last = batch.size() - 1;
		boolean lastByContainer = !manual() && rejected.get(rejected.size() - 1) == last;
		try {
			for (int position : rejected) {
				if (!lastByContainer || position != last) {
					channel.basicReject(batch.get(position).getMessageProperties().getDeliveryTag(), false);
				}
			}
		}
		catch (IOException ex) {
			throw RabbitExceptionTranslator.convertRabbitAccessException(ex);
		}
		if (!lastByContainer) {
			return null;
		}
		return () -> {
			long others = -1;
			for (int i = 0; i < last; i++) {
				if (!rejected.contains(i)) {
					others = batch.get(i).getMessageProperties().getDeliveryTag();
				}
			}
			try {
				if (others >= 0) {
					channel.basicAck(others, true);
				}
			}
			catch (IOException ex) {
				throw RabbitExceptionTranslator.convertRabbitAccessException(ex);
			}
			return new AmqpRejectAndDontRequeueException(cause.getMessage(), true, cause);
		};
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
		if (!manual()) {
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
