package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.idempotency.Idempotent;
import dev.idempotency.SkipIdempotency;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers, at build time, the reflection that the idempotent methods of the application's
 * beans need in a native image. Their parameter types are what the key and fingerprint
 * expressions read ({@code #payload.paymentId}, {@code #p0.customer()}) and what a fingerprint
 * writes as JSON: each gets Spring's binding hints (properties, record components, constructors
 * and fields, and so on through its generics, such as the {@code Payment} of
 * {@code List<Payment>}) and its public methods. Their return types are stored as JSON and read
 * back for a duplicate: each gets the binding hints. A {@code Message<?>} parameter is a
 * {@code GenericMessage} at run time, whose methods are registered too.
 *
 * <p>The idempotent methods are those annotated {@link Idempotent}, and the listener methods
 * ({@code @KafkaListener}, {@code @RabbitListener} and their handlers) of a class annotated with
 * it, unless they or their class are annotated {@link SkipIdempotency}. A listener method gated
 * by {@code idempotency.auto-listeners} alone has no expression, and Spring Messaging registers
 * its payload and return types.
 */
class IdempotentMethodsAotProcessor implements BeanFactoryInitializationAotProcessor {

	private static final String MESSAGE_MAPPING = "org.springframework.messaging.handler.annotation.MessageMapping";

	private static final String MESSAGE = "org.springframework.messaging.Message";

	private static final List<String> MESSAGE_RUNTIME_TYPES = List.of(
			"org.springframework.messaging.support.GenericMessage", "org.springframework.messaging.MessageHeaders");

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Set<Method> methods = new LinkedHashSet<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(name, false);
			if (type != null) {
				methods.addAll(idempotentMethods(ClassUtils.getUserClass(type)));
			}
		}
		if (methods.isEmpty()) {
			return null;
		}
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		return (generationContext, code) -> methods
			.forEach((method) -> registerHints(generationContext.getRuntimeHints().reflection(), method, classLoader));
	}

	private static List<Method> idempotentMethods(Class<?> type) {
		if (AnnotatedElementUtils.hasAnnotation(type, SkipIdempotency.class)) {
			return List.of();
		}
		boolean idempotentClass = AnnotatedElementUtils.hasAnnotation(type, Idempotent.class);
		return Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS))
			.filter((method) -> !AnnotatedElementUtils.hasAnnotation(method, SkipIdempotency.class))
			.filter((method) -> AnnotatedElementUtils.hasAnnotation(method, Idempotent.class)
					|| (idempotentClass && isListenerMethod(method)))
			.toList();
	}

	private static boolean isListenerMethod(Method method) {
		return MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).isPresent(MESSAGE_MAPPING);
	}

	private void registerHints(ReflectionHints hints, Method method, @Nullable ClassLoader classLoader) {
		for (int i = 0; i < method.getParameterCount(); i++) {
			ResolvableType parameter = ResolvableType.forMethodParameter(method, i);
			this.bindings.registerReflectionHints(hints, parameter.getType());
			registerPublicMethods(hints, parameter, classLoader);
		}
		this.bindings.registerReflectionHints(hints, ResolvableType.forMethodReturnType(method).getType());
	}

	private void registerPublicMethods(ReflectionHints hints, ResolvableType type, @Nullable ClassLoader classLoader) {
		Class<?> resolved = type.resolve();
		if (resolved == null || resolved.isPrimitive() || resolved.isArray()) {
			return;
		}
		if (!resolved.getName().startsWith("java.")) {
			hints.registerType(resolved, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		if (resolved.getName().equals(MESSAGE)) {
			MESSAGE_RUNTIME_TYPES.forEach((runtimeType) -> hints.registerTypeIfPresent(classLoader, runtimeType,
					MemberCategory.INVOKE_PUBLIC_METHODS));
		}
		for (ResolvableType generic : type.getGenerics()) {
			registerPublicMethods(hints, generic, classLoader);
		}
	}

}
