package dev.idempotency.listener.rabbit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;

import dev.idempotency.listener.ListenerAdapter;
import dev.idempotency.listener.ListenerBinding;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Integrates {@code @RabbitListener} methods, and {@code @RabbitHandler} methods of a
 * {@code @RabbitListener} class, with the gate. A message without the key header is keyed by its
 * {@code message_id} property.
 *
 * <p>A method acknowledges manually, and the gate acknowledges the duplicates it skips for it,
 * when its {@code @RabbitListener(ackMode)} is {@code MANUAL} or, without that attribute, when it
 * takes the {@code Channel} (which a method must, to acknowledge). A batch listener is one whose
 * {@code @RabbitListener(batch)} is {@code true}, or that takes a {@code List}.
 */
public class RabbitListenerAdapter implements ListenerAdapter {

	private final PropertyResolver placeholders;

	/**
	 * Create the adapter.
	 * @param placeholders resolves {@code ${...}} placeholders in listener ids and modes
	 */
	public RabbitListenerAdapter(PropertyResolver placeholders) {
		this.placeholders = placeholders;
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
		RabbitAcknowledgement acknowledgement = new RabbitAcknowledgement(
				acknowledgesManually(method, parameters, description));
		return isBatchListener(method)
				? new RabbitBatchListenerBinding(method, parameters, description, acknowledgement)
				: new RabbitListenerBinding(parameters, acknowledgement);
	}

	@Override
	public String messageIdProperty() {
		return "message_id";
	}

	private boolean acknowledgesManually(Method method, RabbitParameters parameters, String description) {
		RabbitListener listener = listener(method);
		String mode = (listener != null) ? this.placeholders.resolvePlaceholders(listener.ackMode()) : "";
		if (!StringUtils.hasText(mode)) {
			return parameters.hasChannel();
		}
		try {
			return AcknowledgeMode.valueOf(mode.trim().toUpperCase(Locale.ROOT)) == AcknowledgeMode.MANUAL;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid @RabbitListener(ackMode = \"" + mode + "\") on " + description
					+ ": use NONE, MANUAL or AUTO.", ex);
		}
	}

	private boolean isBatchListener(Method method) {
		RabbitListener listener = listener(method);
		if (listener != null && "true".equalsIgnoreCase(this.placeholders.resolvePlaceholders(listener.batch()))) {
			return true;
		}
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
