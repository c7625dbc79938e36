package dev.idempotency.listener;

import java.lang.reflect.Method;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves every idempotent method of the application's beans once they are all created, before
 * any listener container starts, so that an invalid annotation (a malformed key expression, a bad
 * duration) stops the application at start-up instead of failing its first message.
 */
public class IdempotentMethodValidator implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final IdempotentPointcut pointcut;

	private final IdempotentMethods methods;

	/**
	 * Create the validator.
	 * @param beanFactory the factory whose beans are checked
	 * @param pointcut matches the idempotent methods
	 * @param methods resolves them
	 */
	public IdempotentMethodValidator(ConfigurableListableBeanFactory beanFactory, IdempotentPointcut pointcut,
			IdempotentMethods methods) {
		this.beanFactory = beanFactory;
		this.pointcut = pointcut;
		this.methods = methods;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type != null) {
				validate(ClassUtils.getUserClass(type));
			}
		}
	}

	private void validate(Class<?> targetClass) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS)) {
			if (this.pointcut.matches(method, targetClass)) {
				this.methods.register(method, targetClass);
			}
		}
	}

}
