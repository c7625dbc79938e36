package dev.idempotency.listener.kafka;

import java.lang.reflect.Method;
import java.util.List;

import dev.idempotency.listener.ListenerAdapter;
import dev.idempotency.listener.ListenerBinding;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.util.StringUtils;

/**
 * Integrates {@code @KafkaListener} methods, and {@code @KafkaHandler} methods of a
 * {@code @KafkaListener} class, with the gate.
 */
public class KafkaListenerAdapter implements ListenerAdapter {

	private final PropertyResolver placeholders;

	/**
	 * Create the adapter.
	 * @param placeholders resolves {@code ${...}} placeholders in listener ids
	 */
	public KafkaListenerAdapter(PropertyResolver placeholders) {
		this.placeholders = placeholders;
	}

	@Override
	public boolean isListenerMethod(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, KafkaListener.class)
				|| (AnnotatedElementUtils.hasAnnotation(method, KafkaHandler.class)
						&& AnnotatedElementUtils.hasAnnotation(method.getDeclaringClass(), KafkaListener.class));
	}

	@Override
	public @Nullable String listenerId(Method method) {
		KafkaListener listener = AnnotatedElementUtils.findMergedAnnotation(method, KafkaListener.class);
		if (listener == null) {
			listener = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), KafkaListener.class);
		}
		return (listener != null && StringUtils.hasText(listener.id()))
				? this.placeholders.resolvePlaceholders(listener.id()) : null;
	}

	@Override
	public ListenerBinding bind(Method method) {
		return isBatchListener(method)
				? new KafkaBatchListenerBinding(method, method.getDeclaringClass().getSimpleName() + "." + method.getName())
				: new KafkaListenerBinding(method);
	}

	/**
	 * Whether the method may be a batch listener: {@code @KafkaListener(batch = "true")}, or, with
	 * the batch attribute unset, a batch-typed parameter, when the factory's batch-listener flag
	 * decides; the binding then asks the container on every invocation (see
	 * {@link KafkaBatchListenerBinding#batches}).
	 */
	private static boolean isBatchListener(Method method) {
		KafkaListener listener = AnnotatedElementUtils.findMergedAnnotation(method, KafkaListener.class);
		if (listener != null && StringUtils.hasText(listener.batch())) {
			return Boolean.parseBoolean(listener.batch());
		}
		for (Class<?> type : method.getParameterTypes()) {
			if (List.class.isAssignableFrom(type) || ConsumerRecords.class.isAssignableFrom(type)) {
				return true;
			}
		}
		return false;
	}

}
