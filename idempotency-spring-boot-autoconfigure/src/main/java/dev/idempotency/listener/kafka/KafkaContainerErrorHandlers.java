package dev.idempotency.listener.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyStoreException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonDelegatingErrorHandler;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Puts the gate's retries beside the error handling of every listener container, just before the
 * containers start, without replacing what the application configured.
 *
 * <ul>
 * <li>A container with an error handler of the application's own (a bean, or one set on its
 * factory) gets a {@link CommonDelegatingErrorHandler} around it that hands the gate's refusals
 * for a passing cause ({@link IdempotencyStoreException}, {@link IdempotencyInProgressException})
 * to {@link GateErrorHandling#refusalRetries()}, and everything else to the application's handler
 * unchanged: a store outage or a copy still in progress never uses up the application's retries
 * or lands in its recoverer. Where the two handlers cannot be composed (a handler that does not
 * seek after handling), a WARN names the container and what to add.</li>
 * <li>A container without any gets {@link GateErrorHandling#errorHandler()}, said once at INFO.</li>
 * </ul>
 */
public class KafkaContainerErrorHandlers implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(KafkaContainerErrorHandlers.class);

	private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

	private volatile boolean running;

	/**
	 * Create the composition over the containers of the registry, if there is one.
	 * @param registry the registry of listener containers
	 */
	public KafkaContainerErrorHandlers(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void start() {
		List<String> given = new ArrayList<>();
		KafkaListenerEndpointRegistry containers = this.registry.getIfAvailable();
		for (MessageListenerContainer container : (containers != null) ? containers.getListenerContainers()
				: List.<MessageListenerContainer>of()) {
			if (container instanceof AbstractMessageListenerContainer<?, ?> configurable) {
				if (compose(configurable)) {
					given.add(configurable.getListenerId());
				}
			}
		}
		if (!given.isEmpty()) {
			logger.info("The Kafka listener containers " + given + " have no error handler; the idempotency starter "
					+ "gives them Spring Kafka's DefaultErrorHandler, which retries the gate's refusals for a passing "
					+ "cause every second and logs and skips messages without a key, with a reused key, or whose "
					+ "listener failed 10 times. Define a CommonErrorHandler with a recoverer to dead-letter those.");
		}
		this.running = true;
	}

	/**
	 * Compose the container's error handling with the gate's; return whether the container had
	 * none and was given the gate's own.
	 */
	private static boolean compose(AbstractMessageListenerContainer<?, ?> container) {
		CommonErrorHandler own = container.getCommonErrorHandler();
		if (own == null) {
			container.setCommonErrorHandler(GateErrorHandling.errorHandler());
			return true;
		}
		if (own instanceof CommonDelegatingErrorHandler) {
			return false;
		}
		CommonErrorHandler retries = GateErrorHandling.refusalRetries();
		if (own.seeksAfterHandling() != retries.seeksAfterHandling() || own.isAckAfterHandle() != retries.isAckAfterHandle()) {
			logger.warn("The error handler of Kafka listener container '" + container.getListenerId() + "' ("
					+ own.getClass().getName() + ") cannot be composed with the idempotency gate's retries, so a store "
					+ "outage or a copy still in progress uses up its retries and may reach its recoverer. Wrap it "
					+ "yourself: new CommonDelegatingErrorHandler(yourHandler) with addDelegate(IdempotencyStoreException"
					+ ".class, ...) and addDelegate(IdempotencyInProgressException.class, ...), each a DefaultErrorHandler "
					+ "with an unlimited FixedBackOff.");
			return false;
		}
		CommonDelegatingErrorHandler composed = new CommonDelegatingErrorHandler(own);
		composed.setCauseChainTraversing(true);
		composed.addDelegate(IdempotencyStoreException.class, retries);
		composed.addDelegate(IdempotencyInProgressException.class, retries);
		container.setCommonErrorHandler(composed);
		return false;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Start just before the listener containers of the registry.
	 */
	@Override
	public int getPhase() {
		KafkaListenerEndpointRegistry containers = this.registry.getIfAvailable();
		return ((containers != null) ? containers.getPhase() : AbstractMessageListenerContainer.DEFAULT_PHASE) - 1;
	}

}
