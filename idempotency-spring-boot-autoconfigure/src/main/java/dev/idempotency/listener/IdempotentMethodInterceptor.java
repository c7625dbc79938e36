package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import dev.idempotency.core.Execution;
import dev.idempotency.core.IdempotencyGate;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts the gate around an idempotent listener method: resolves the message's key, lets the gate
 * decide whether the method runs, and acknowledges a delivery whose body was skipped.
 */
public class IdempotentMethodInterceptor implements MethodInterceptor {

	private final Supplier<IdempotentMethods> methods;

	private final Supplier<IdempotencyGate> gate;

	/**
	 * Create the interceptor. Its collaborators are obtained on first use, once each.
	 * @param methods supplies the registry of idempotent methods
	 * @param gate supplies the gate
	 */
	public IdempotentMethodInterceptor(Supplier<IdempotentMethods> methods, Supplier<IdempotencyGate> gate) {
		this.methods = SingletonSupplier.of(methods);
		this.gate = SingletonSupplier.of(gate);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target)
				: invocation.getMethod().getDeclaringClass();
		Method method = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
		IdempotentMethod idempotentMethod = this.methods.get().get(method, targetClass);
		Object[] arguments = invocation.getArguments();
		InboundMessage message = idempotentMethod.binding().message(arguments);
		Execution<Object> execution = this.gate.get().execute(idempotentMethod.settings(),
				idempotentMethod.key().resolve(method, arguments, message), invocation::proceed);
		if (execution.skipped()) {
			idempotentMethod.binding().acknowledgeSkipped(arguments);
		}
		return execution.value();
	}

}
