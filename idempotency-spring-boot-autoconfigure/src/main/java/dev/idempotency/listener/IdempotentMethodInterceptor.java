package dev.idempotency.listener;

import java.util.Objects;
import java.util.function.Supplier;

import dev.idempotency.core.Delivery;
import dev.idempotency.core.Execution;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.MessageKey;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts the gate around an idempotent listener method: resolves the message's key, lets the gate
 * decide whether the method runs, and acknowledges a delivery whose body was skipped. The key is
 * in the logging MDC as {@value #MDC_KEY} meanwhile.
 */
public class IdempotentMethodInterceptor implements MethodInterceptor {

	/** The MDC entry that holds the message key while the gate and the body run. */
	public static final String MDC_KEY = "idempotency.key";

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
		IdempotentMethod idempotentMethod = this.methods.get().get(invocation.getMethod(), targetClass);
		Object[] arguments = invocation.getArguments();
		InboundMessage message = idempotentMethod.binding().message(arguments);
		MessageKey key = idempotentMethod.key().resolve(idempotentMethod.method(), arguments, message);
		Execution<Object> execution;
		try (MDC.MDCCloseable mdc = MDC.putCloseable(MDC_KEY, Objects.toString(key.value(), ""))) {
			execution = this.gate.get().execute(delivery(idempotentMethod, key, arguments, message), invocation::proceed);
		}
		if (execution.skipped()) {
			idempotentMethod.binding().acknowledgeSkipped(arguments);
		}
		return execution.value();
	}

	private static Delivery delivery(IdempotentMethod method, MessageKey key, Object[] arguments,
			InboundMessage message) {
		FingerprintResolver fingerprint = method.fingerprint();
		return new Delivery(method.settings(), key, (fingerprint != null && key.isPresent())
				? fingerprint.resolve(method.settings().consumer(), method.method(), arguments, message) : null,
				method.resultType());
	}

}
