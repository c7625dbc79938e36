package dev.idempotency.listener.rabbit;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;

import com.rabbitmq.client.Channel;
import dev.idempotency.listener.ListenerParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * The parameters of a {@code @RabbitListener} method that the gate reads: the AMQP
 * {@code Message}, a Spring {@code Message<?>}, the payload and the {@code Channel}.
 */
final class RabbitParameters {

	private static final List<Class<?>> FRAMEWORK_TYPES = List.of(Message.class,
			org.springframework.messaging.Message.class, MessageProperties.class, Channel.class);

	private final int amqpMessageIndex;

	private final int messageIndex;

	private final int payloadIndex;

	private final int channelIndex;

	RabbitParameters(Method method) {
		Parameter[] parameters = method.getParameters();
		this.amqpMessageIndex = ListenerParameters.indexOf(parameters, Message.class);
		this.messageIndex = ListenerParameters.indexOf(parameters, org.springframework.messaging.Message.class);
		this.channelIndex = ListenerParameters.indexOf(parameters, Channel.class);
		this.payloadIndex = ListenerParameters.payloadIndex(parameters, FRAMEWORK_TYPES);
	}

	/**
	 * Whether the method takes the channel, as a method that acknowledges manually must.
	 */
	boolean hasChannel() {
		return this.channelIndex >= 0;
	}

	/**
	 * Return the channel the delivery arrived on: the container's, else the method's argument.
	 */
	@Nullable Channel channel(Object[] arguments) {
		CurrentRabbitDelivery.Delivery delivery = CurrentRabbitDelivery.get();
		if (delivery != null) {
			return delivery.channel();
		}
		return (this.channelIndex >= 0) ? (Channel) arguments[this.channelIndex] : null;
	}

	@Nullable Message amqpMessage(Object[] arguments) {
		return (this.amqpMessageIndex >= 0) ? (Message) arguments[this.amqpMessageIndex] : null;
	}

	@Nullable Object payload(Object[] arguments) {
		if (this.payloadIndex >= 0) {
			return arguments[this.payloadIndex];
		}
		if (this.messageIndex >= 0
				&& arguments[this.messageIndex] instanceof org.springframework.messaging.Message<?> message) {
			return message.getPayload();
		}
		Message message = amqpMessage(arguments);
		return (message != null) ? message.getBody() : null;
	}

}
