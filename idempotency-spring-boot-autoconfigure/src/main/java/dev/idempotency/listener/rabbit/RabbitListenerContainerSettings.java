package dev.idempotency.listener.rabbit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BatchMessageListener;
import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.util.ObjectUtils;

/**
 * What the listener container that delivers to one listener method was configured with, read
 * from the container itself for the delivery of this thread (see {@link CurrentRabbitDelivery}):
 * its acknowledge mode, and whether its listener takes batches. The container is the one
 * registered under the method's listener id, else the only registered container that consumes
 * the queue the delivery came from. Without one, the method's {@code @RabbitListener} attributes
 * decide, else the container defaults (AUTO acknowledgement; batches only when the container
 * delivers them).
 */
final class RabbitListenerContainerSettings {

	private final Supplier<@Nullable RabbitListenerEndpointRegistry> registry;

	private final @Nullable String listenerId;

	private final @Nullable AcknowledgeMode declaredAckMode;

	private final @Nullable Boolean declaredBatch;

	private final Map<String, AbstractMessageListenerContainer> byQueue = new ConcurrentHashMap<>();

	/**
	 * Create the settings of a listener method.
	 * @param registry supplies the registry of listener containers, or {@code null} if there is none
	 * @param listenerId the method's listener id, or {@code null}
	 * @param declaredAckMode its {@code @RabbitListener(ackMode)}, or {@code null}
	 * @param declaredBatch its {@code @RabbitListener(batch)}, or {@code null}
	 */
	RabbitListenerContainerSettings(Supplier<@Nullable RabbitListenerEndpointRegistry> registry,
			@Nullable String listenerId, @Nullable AcknowledgeMode declaredAckMode, @Nullable Boolean declaredBatch) {
		this.registry = registry;
		this.listenerId = listenerId;
		this.declaredAckMode = declaredAckMode;
		this.declaredBatch = declaredBatch;
	}

	/**
	 * Whether the method acknowledges the current delivery itself: its container's acknowledge
	 * mode is MANUAL.
	 */
	boolean acknowledgesManually() {
		AbstractMessageListenerContainer container = container();
		AcknowledgeMode mode = (container != null) ? container.getAcknowledgeMode() : this.declaredAckMode;
		return mode == AcknowledgeMode.MANUAL;
	}

	/**
	 * Whether the method is called with a batch: its container's listener is a batch listener
	 * ({@code @RabbitListener(batch = "true")}, or a factory with {@code setBatchListener(true)}, as
	 * {@code consumerBatchEnabled} sets).
	 */
	boolean batchListener() {
		if (this.declaredBatch != null) {
			return this.declaredBatch;
		}
		AbstractMessageListenerContainer container = container();
		if (container != null) {
			Object listener = container.getMessageListener();
			return listener instanceof BatchMessageListener || listener instanceof ChannelAwareBatchMessageListener;
		}
		CurrentRabbitDelivery.Delivery delivery = CurrentRabbitDelivery.get();
		return delivery != null && delivery.batch();
	}

	private @Nullable AbstractMessageListenerContainer container() {
		RabbitListenerEndpointRegistry registry = this.registry.get();
		if (registry == null) {
			return null;
		}
		if (this.listenerId != null) {
			return (registry.getListenerContainer(this.listenerId) instanceof AbstractMessageListenerContainer container)
					? container : null;
		}
		CurrentRabbitDelivery.Delivery delivery = CurrentRabbitDelivery.get();
		String queue = (delivery != null && !delivery.messages().isEmpty())
				? delivery.messages().get(0).getMessageProperties().getConsumerQueue() : null;
		if (queue == null) {
			return null;
		}
		AbstractMessageListenerContainer container = this.byQueue.get(queue);
		if (container == null) {
			container = consumerOf(registry, queue);
			if (container != null) {
				this.byQueue.put(queue, container);
			}
		}
		return container;
	}

	/**
	 * Return the only registered container that consumes a queue, or {@code null} if there is
	 * none or several.
	 */
	private static @Nullable AbstractMessageListenerContainer consumerOf(RabbitListenerEndpointRegistry registry,
			String queue) {
		AbstractMessageListenerContainer found = null;
		for (MessageListenerContainer candidate : registry.getListenerContainers()) {
			if (candidate instanceof AbstractMessageListenerContainer container
					&& ObjectUtils.containsElement(container.getQueueNames(), queue)) {
				if (found != null) {
					return null;
				}
				found = container;
			}
		}
		return found;
	}

}
