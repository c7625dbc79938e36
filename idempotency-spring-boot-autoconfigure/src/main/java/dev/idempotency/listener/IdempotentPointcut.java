package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.util.List;

import dev.idempotency.Idempotent;
import dev.idempotency.SkipIdempotency;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Matches the methods the gate guards: methods annotated with {@link Idempotent}, and listener
 * methods of a class annotated with it or, with {@code idempotency.auto-listeners}, every
 * listener method; never a method or class annotated with {@link SkipIdempotency}.
 */
public class IdempotentPointcut extends StaticMethodMatcherPointcut {

	private final boolean autoListeners;

	private final List<ListenerAdapter> adapters;

	/**
	 * Create the pointcut.
	 * @param autoListeners whether every listener method is guarded without an annotation
	 * @param adapters the broker adapters that recognise listener methods
	 */
	public IdempotentPointcut(boolean autoListeners, List<ListenerAdapter> adapters) {
		this.autoListeners = autoListeners;
		this.adapters = List.copyOf(adapters);
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		if (AnnotatedElementUtils.hasAnnotation(specific, SkipIdempotency.class)
				|| AnnotatedElementUtils.hasAnnotation(targetClass, SkipIdempotency.class)) {
			return false;
		}
		if (AnnotatedElementUtils.hasAnnotation(specific, Idempotent.class)) {
			return true;
		}
		return (this.autoListeners || AnnotatedElementUtils.hasAnnotation(targetClass, Idempotent.class))
				&& this.adapters.stream().anyMatch((adapter) -> adapter.isListenerMethod(specific));
	}

}
