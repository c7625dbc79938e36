package dev.idempotency.listener.rabbit;

import java.util.List;

import com.rabbitmq.client.Channel;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;

/**
 * Exposes the delivery a listener container is handing to its listener, with the channel it
 * arrived on, to the gate on the container thread, so that the key header, the
 * {@code message_id} property and {@code #message} are available even when the listener method
 * does not declare them, and so that the gate can acknowledge for a method that acknowledges
 * manually. Added to the advice chain of every container factory, after the advice it already
 * has.
 */
public final class CurrentRabbitDelivery implements MethodInterceptor {

	private static final ThreadLocal<Delivery> current = new ThreadLocal<>();

	/**
	 * Return the delivery being handed to a listener on this thread.
	 * @return the delivery, or {@code null} outside a delivery
	 */
	static @Nullable Delivery get() {
		return current.get();
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length != 2 || !(arguments[0] instanceof Channel channel)) {
			return invocation.proceed();
		}
		Delivery outer = current.get();
		current.set(new Delivery(channel, messages(arguments[1]), arguments[1] instanceof List));
		try {
			return invocation.proceed();
		}
		finally {
			if (outer != null) {
				current.set(outer);
			}
			else {
				current.remove();
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Message> messages(Object data) {
		return (data instanceof Message message) ? List.of(message) : (List<Message>) data;
	}

	/**
	 * The messages of one delivery to a listener, one unless the container delivers batches,
	 * and the channel they arrived on.
	 *
	 * @param channel the channel
	 * @param messages the messages, in delivery order
	 * @param batch whether the container delivered a batch of messages, each with its own
	 * delivery tag ({@code consumerBatchEnabled})
	 */
	record Delivery(Channel channel, List<Message> messages, boolean batch) {

	}

}
