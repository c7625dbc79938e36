package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds every idempotent method of the application's beans once they are all created, before any
 * listener container starts, and registers it with {@link IdempotentMethods}, which resolves and
 * validates it: an invalid annotation (a malformed key expression, a bad duration) stops the
 * application at start-up instead of failing its first message. Then it hands the consumer names
 * of these methods to a check, such as that of the per-consumer policies.
 */
public class IdempotentMethodScanner implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final IdempotentPointcut pointcut;

	private final IdempotentMethods methods;

	private final Consumer<Set<String>> consumersCheck;

	/**
	 * Create the scanner.
	 * @param beanFactory the factory whose beans are checked
	 * @param pointcut matches the idempotent methods
	 * @param methods resolves them
	 * @param consumersCheck checks the consumer names of the idempotent methods, once all are
	 * resolved, and throws to stop the start
	 */
	public IdempotentMethodScanner(ConfigurableListableBeanFactory beanFactory, IdempotentPointcut pointcut,
			IdempotentMethods methods, Consumer<Set<String>> consumersCheck) {
		this.beanFactory = beanFactory;
		this.pointcut = pointcut;
		this.methods = methods;
		this.consumersCheck = consumersCheck;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type != null) {
				validate(ClassUtils.getUserClass(type));
			}
		}
		Set<String> consumers = new TreeSet<>();
		this.methods.listeners().forEach((listener) -> consumers.add(listener.consumer()));
		this.consumersCheck.accept(consumers);
	}

	private void validate(Class<?> targetClass) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS)) {
			if (this.pointcut.matches(method, targetClass)) {
				this.methods.register(method, targetClass);
			}
		}
	}

}
