package dev.idempotency.listener.rabbit;

import java.util.List;

import dev.idempotency.IdempotencyException;
import dev.idempotency.listener.InboundMessage;
import dev.idempotency.listener.ListenerBinding;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;

/**
 * Reads the message of a {@code @RabbitListener} invocation: from the container (see
 * {@link CurrentRabbitDelivery}), else from a {@code Message} parameter. The payload is the
 * {@code @Payload} parameter, else the one parameter that is neither a header nor a framework
 * type; a Spring {@code Message<?>} parameter gives its payload.
 */
final class RabbitListenerBinding implements ListenerBinding {

	private final RabbitParameters parameters;

	private final RabbitAcknowledgement acknowledgement;

	RabbitListenerBinding(RabbitParameters parameters, RabbitAcknowledgement acknowledgement) {
		this.parameters = parameters;
		this.acknowledgement = acknowledgement;
	}

	@Override
	public InboundMessage message(Object[] arguments) {
		return new RabbitInboundMessage(rawMessage(arguments), this.parameters.payload(arguments));
	}

	@Override
	public void acknowledgeSkipped(Object[] arguments) {
		Message message = rawMessage(arguments);
		if (message != null) {
			this.acknowledgement.acknowledge(this.parameters.channel(arguments), List.of(message));
		}
	}

	@Override
	public RuntimeException refused(IdempotencyException refusal) {
		return this.acknowledgement.refused(refusal);
	}

	private @Nullable Message rawMessage(Object[] arguments) {
		Message message = this.parameters.amqpMessage(arguments);
		if (message != null) {
			return message;
		}
		CurrentRabbitDelivery.Delivery delivery = CurrentRabbitDelivery.get();
		return (delivery != null && delivery.messages().size() == 1) ? delivery.messages().get(0) : null;
	}

}
