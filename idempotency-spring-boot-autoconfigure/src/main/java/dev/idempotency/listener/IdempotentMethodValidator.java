package dev.idempotency.listener;

import java.lang.reflect.Method;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves every idempotent method of each bean when the bean is created, so that an invalid
 * annotation (a malformed key expression, a bad duration) stops the application at start-up
 * instead of failing its first message.
 */
public class IdempotentMethodValidator implements BeanPostProcessor {

	private final ObjectProvider<IdempotentPointcut> pointcut;

	private final ObjectProvider<IdempotentMethods> methods;

	/**
	 * Create the validator.
	 * @param pointcut matches the idempotent methods
	 * @param methods resolves them
	 */
	public IdempotentMethodValidator(ObjectProvider<IdempotentPointcut> pointcut,
			ObjectProvider<IdempotentMethods> methods) {
		this.pointcut = pointcut;
		this.methods = methods;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS)) {
			if (this.pointcut.getObject().matches(method, targetClass)) {
				this.methods.getObject().register(method, targetClass);
			}
		}
		return bean;
	}

}
