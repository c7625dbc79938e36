package dev.idempotency.listener.rabbit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.idempotency.listener.ListenerAdapter;
import dev.idempotency.listener.ListenerBinding;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Integrates {@code @RabbitListener} methods, and {@code @RabbitHandler} methods of a
 * {@code @RabbitListener} class, with the gate. A message without the key header is keyed by its
 * {@code message_id} property.
 *
 * <p>The listener container decides, per delivery (see {@link RabbitListenerContainerSettings}):
 * the gate acknowledges the duplicates it skips when the container's acknowledge mode is
 * {@code MANUAL}, whether or not the method takes the {@code Channel}; and a method is a batch
 * listener when its container's listener is ({@code @RabbitListener(batch = "true")}, or a
 * factory with {@code setBatchListener(true)}, as Spring Boot's
 * {@code spring.rabbitmq.listener.simple.consumer-batch-enabled} sets). A method that takes a
 * {@code List} is not a batch listener for that alone: the list may be one message's payload.
 */
public class RabbitListenerAdapter implements ListenerAdapter {

	private final PropertyResolver placeholders;

	private final Supplier<@Nullable RabbitListenerEndpointRegistry> registry;

	/**
	 * Create the adapter for listeners whose containers it cannot see: the methods'
	 * {@code @RabbitListener} attributes describe their containers.
	 * @param placeholders resolves {@code ${...}} placeholders in listener ids and modes
	 */
	public RabbitListenerAdapter(PropertyResolver placeholders) {
		this(placeholders, () -> null);
	}

	/**
	 * Create the adapter.
	 * @param placeholders resolves {@code ${...}} placeholders in listener ids and modes
	 * @param registry supplies the registry of the listener containers, or {@code null} if
	 * there is none
	 */
	public RabbitListenerAdapter(PropertyResolver placeholders,
			Supplier<@Nullable RabbitListenerEndpointRegistry> registry) {
		this.placeholders = placeholders;
		this.registry = SingletonSupplier.ofNullable(registry);
	}

	@Override
	public boolean isListenerMethod(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, RabbitListener.class)
				|| (AnnotatedElementUtils.hasAnnotation(method, RabbitHandler.class)
						&& AnnotatedElementUtils.hasAnnotation(method.getDeclaringClass(), RabbitListener.class));
	}

	@Override
	public @Nullable String listenerId(Method method) {
		RabbitListener listener = listener(method);
		return (listener != null && StringUtils.hasText(listener.id()))
				? this.placeholders.resolvePlaceholders(listener.id()) : null;
	}

	@Override
	public ListenerBinding bind(Method method) {
		String description = method.getDeclaringClass().getSimpleName() + "." + method.getName();
		RabbitParameters parameters = new RabbitParameters(method);
		Boolean batch = declaredBatch(method);
		RabbitListenerContainerSettings container = new RabbitListenerContainerSettings(this.registry,
				listenerId(method), declaredAckMode(method, description), batch);
		RabbitAcknowledgement acknowledgement = new RabbitAcknowledgement(container);
		boolean mayBatch = (batch != null) ? batch : takesList(method);
		return mayBatch ? new RabbitBatchListenerBinding(method, parameters, description, acknowledgement, container)
				: new RabbitListenerBinding(parameters, acknowledgement);
	}

	@Override
	public String messageIdProperty() {
		return "message_id";
	}

	private @Nullable AcknowledgeMode declaredAckMode(Method method, String description) {
		RabbitListener listener = listener(method);
		String mode = (listener != null) ? this.placeholders.resolvePlaceholders(listener.ackMode()) : "";
		if (!StringUtils.hasText(mode)) {
			return null;
		}
		try {
			return AcknowledgeMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid @RabbitListener(ackMode = \"" + mode + "\") on " + description
					+ ": use NONE, MANUAL or AUTO.", ex);
		}
	}

	private @Nullable Boolean declaredBatch(Method method) {
		RabbitListener listener = listener(method);
		String batch = (listener != null) ? this.placeholders.resolvePlaceholders(listener.batch()).trim() : "";
		return StringUtils.hasText(batch) ? Boolean.valueOf(batch) : null;
	}

	private static boolean takesList(Method method) {
		for (Class<?> type : method.getParameterTypes()) {
			if (List.class.isAssignableFrom(type)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable RabbitListener listener(Method method) {
		RabbitListener listener = AnnotatedElementUtils.findMergedAnnotation(method, RabbitListener.class);
		return (listener != null) ? listener
				: AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), RabbitListener.class);
	}

}
