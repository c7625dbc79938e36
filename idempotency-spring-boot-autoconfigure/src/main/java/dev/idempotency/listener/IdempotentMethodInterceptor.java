package dev.idempotency.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.idempotency.IdempotencyException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.core.BatchBody;
import dev.idempotency.core.Delivery;
import dev.idempotency.core.Execution;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.MissingKeyPolicy;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts the gate around an idempotent listener method: resolves the message's key, lets the gate
 * decide whether the method runs, and acknowledges a delivery whose body was skipped. The key is
 * in the logging MDC as {@value #MDC_KEY} meanwhile. A batch listener is called with the fresh
 * elements of its batch only.
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
		if (idempotentMethod.binding() instanceof BatchListenerBinding batch
				&& batch.batches(invocation.getArguments())) {
			return invokeBatch(invocation, idempotentMethod, batch);
		}
		Object[] arguments = invocation.getArguments();
		InboundMessage message = idempotentMethod.binding().message(arguments);
		MessageKey key = idempotentMethod.key().resolve(idempotentMethod.method(), arguments, message);
		claimAhead(idempotentMethod, key, arguments);
		AsyncReturn async = idempotentMethod.async();
		Execution<Object> execution;
		try (MDC.MDCCloseable mdc = MDC.putCloseable(MDC_KEY, Objects.toString(key.value(), ""))) {
			execution = this.gate.get().execute(delivery(idempotentMethod, key, arguments, message),
					(async != null) ? () -> async.toStage(invocation.proceed()) : invocation::proceed);
		}
		catch (IdempotencyException ex) {
			throw idempotentMethod.binding().refused(ex);
		}
		if (execution.skipped()) {
			idempotentMethod.binding().acknowledgeSkipped(arguments);
		}
		return (async != null) ? async.toReturned(execution.value()) : execution.value();
	}

	/**
	 * Claim, with this message's, the records of the messages the container delivers after it
	 * from the same poll, in one request, where their keys can be read from what was delivered.
	 * A key read ahead that differs from the one read when its message runs only costs a claim
	 * that is released when the poll ends.
	 */
	private void claimAhead(IdempotentMethod method, MessageKey key, Object[] arguments) {
		if (!key.isPresent() || method.fingerprint() != null) {
			return;
		}
		List<InboundMessage> upcoming = method.binding().upcoming(arguments);
		if (upcoming.isEmpty()) {
			return;
		}
		List<MessageKey> keys = new ArrayList<>(upcoming.size() + 1);
		keys.add(key);
		Object[] noArguments = new Object[arguments.length];
		for (InboundMessage message : upcoming) {
			keys.add(method.key().resolve(method.method(), noArguments, message));
		}
		this.gate.get().claimAhead(method.policy(), keys);
	}

	private static Delivery delivery(IdempotentMethod method, MessageKey key, Object[] arguments,
			InboundMessage message) {
		FingerprintResolver fingerprint = method.fingerprint();
		return new Delivery(method.policy(), key, (fingerprint != null && key.isPresent())
				? fingerprint.resolve(method.policy().consumer(), method.method(), arguments, message) : null,
				method.resultType());
	}

	/**
	 * Gate a batch. With missing keys rejected, the elements without a key are rejected alone if
	 * the broker can (see {@link BatchListenerBinding#rejectsAlone}) and the others gated; else the
	 * batch is cut before its first keyless element: the elements before it are processed, and
	 * the broker is told that element failed, so that it is recovered (dead-lettered) alone and
	 * the rest delivered again.
	 */
	private @Nullable Object invokeBatch(MethodInvocation invocation, IdempotentMethod method,
			BatchListenerBinding binding) throws Throwable {
		Object[] arguments = invocation.getArguments();
		List<InboundMessage> messages = binding.messages(arguments);
		List<MessageKey> keys = new ArrayList<>(messages.size());
		for (InboundMessage message : messages) {
			keys.add(method.key().resolve(method.method(), arguments, message));
		}
		int keyless = (method.policy().onMissingKey() == MissingKeyPolicy.REJECT) ? firstKeyless(keys) : -1;
		if (keyless >= 0 && binding.rejectsAlone(arguments)) {
			return invokeWithoutKeyless(invocation, method, binding, arguments, keys);
		}
		List<Integer> gated = new ArrayList<>();
		for (int i = 0; i < ((keyless >= 0) ? keyless : keys.size()); i++) {
			gated.add(i);
		}
		NarrowedCall call = gateBatch(invocation, method, binding, arguments, keys, gated);
		if (keyless >= 0) {
			throw binding.elementFailure(refuse(method, keys.get(keyless)), keyless);
		}
		if (call.skipped) {
			binding.acknowledgeSkipped(arguments);
		}
		return call.result;
	}

	/**
	 * Gate a batch whose keyless elements the binding rejects alone: each is counted and
	 * rejected, and the others are gated as a batch of their own.
	 */
	private @Nullable Object invokeWithoutKeyless(MethodInvocation invocation, IdempotentMethod method,
			BatchListenerBinding binding, Object[] arguments, List<MessageKey> keys) throws Throwable {
		List<Integer> keyed = new ArrayList<>();
		List<Integer> keyless = new ArrayList<>();
		IdempotencyKeyException refusal = null;
		for (int i = 0; i < keys.size(); i++) {
			if (keys.get(i).isPresent()) {
				keyed.add(i);
			}
			else {
				keyless.add(i);
				refusal = refuse(method, keys.get(i));
			}
		}
		Supplier<RuntimeException> rejection = binding.rejectAlone(arguments, keyless, Objects.requireNonNull(refusal));
		NarrowedCall call = gateBatch(invocation, method, binding, arguments, keys, keyed);
		if (call.skipped && !keyed.isEmpty()) {
			binding.acknowledgeSkipped(arguments, keyed);
		}
		if (rejection != null) {
			throw rejection.get();
		}
		return call.result;
	}

	/**
	 * Gate some elements of a batch and call the method with the fresh ones, if any.
	 */
	private NarrowedCall gateBatch(MethodInvocation invocation, IdempotentMethod method,
			BatchListenerBinding binding, Object[] arguments, List<MessageKey> keys, List<Integer> positions)
			throws Throwable {
		List<MessageKey> gated = new ArrayList<>(positions.size());
		for (int position : positions) {
			gated.add(keys.get(position));
		}
		NarrowedCall call = new NarrowedCall(invocation, binding, arguments, positions);
		try {
			call.skipped = this.gate.get().executeAll(method.policy(), gated, call).skipped();
		}
		catch (IdempotencyException ex) {
			// refused before the method ran: hand the first element back, so that the broker's
			// error handling treats the refusal as it would for a record listener
			throw (call.elements == null && ex.isRetryable()) ? binding.elementFailure(ex, 0) : ex;
		}
		catch (Throwable ex) {
			throw (call.elements != null) ? binding.translate(ex, call.elements) : ex;
		}
		return call;
	}

	/**
	 * Let the gate refuse a keyless element, so that it is counted and described as any other
	 * keyless message.
	 */
	private IdempotencyKeyException refuse(IdempotentMethod method, MessageKey key) {
		try {
			this.gate.get().execute(method.policy(), key, () -> null);
		}
		catch (IdempotencyKeyException ex) {
			return ex;
		}
		throw new IllegalStateException("The gate accepted a message without a key for " + method.description());
	}

	private static int firstKeyless(List<MessageKey> keys) {
		for (int i = 0; i < keys.size(); i++) {
			if (!keys.get(i).isPresent()) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Calls the listener method with its batch narrowed to the elements the gate lets through.
	 */
	private static final class NarrowedCall implements BatchBody<Throwable> {

		private final MethodInvocation invocation;

		private final BatchListenerBinding binding;

		private final Object[] arguments;

		private final List<Integer> positions;

		private @Nullable List<Integer> elements;

		private Object @Nullable [] selected;

		private @Nullable Object result;

		/** Whether the method was not called: every gated element was skipped. */
		private boolean skipped;

		/**
		 * @param positions the positions in the batch of the gated elements, in batch order
		 */
		NarrowedCall(MethodInvocation invocation, BatchListenerBinding binding, Object[] arguments,
				List<Integer> positions) {
			this.invocation = invocation;
			this.binding = binding;
			this.arguments = arguments;
			this.positions = positions;
		}

		@Override
		public void run(List<Integer> fresh) throws Throwable {
			List<Integer> elements = new ArrayList<>(fresh.size());
			for (int index : fresh) {
				elements.add(this.positions.get(index));
			}
			this.elements = elements;
			if (fresh.size() < this.positions.size()) {
				this.binding.acknowledgeSkipped(this.arguments, skipped(fresh));
			}
			this.selected = this.binding.select(this.arguments, elements);
			((ProxyMethodInvocation) this.invocation).setArguments(this.selected);
			this.result = this.invocation.proceed();
		}

		/**
		 * Return the positions in the batch of the gated elements that are not fresh.
		 */
		private List<Integer> skipped(List<Integer> fresh) {
			List<Integer> skipped = new ArrayList<>(this.positions.size() - fresh.size());
			for (int i = 0, next = 0; i < this.positions.size(); i++) {
				if (next < fresh.size() && fresh.get(next) == i) {
					next++;
				}
				else {
					skipped.add(this.positions.get(i));
				}
			}
			return skipped;
		}

		@Override
		public int failedElement(Throwable failure) {
			return (this.selected != null) ? this.binding.failedElement(failure, this.selected) : -1;
		}

	}

}
