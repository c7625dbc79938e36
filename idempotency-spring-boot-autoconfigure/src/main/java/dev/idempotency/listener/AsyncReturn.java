package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;

/**
 * The asynchronous return type of a listener method: a {@code CompletionStage} (such as
 * {@code CompletableFuture}), or a single-value reactive type (such as Reactor's {@code Mono})
 * known to Spring's {@link ReactiveAdapterRegistry}. The gate sees every one of them as a
 * {@code CompletionStage}, so that it completes the record when the value arrives and releases it
 * when the work fails; the container gets the method's own type back.
 */
final class AsyncReturn {

	private final @Nullable ReactiveAdapter adapter;

	private final @Nullable Type valueType;

	private AsyncReturn(@Nullable ReactiveAdapter adapter, @Nullable Type valueType) {
		this.adapter = adapter;
		this.valueType = valueType;
	}

	/**
	 * Return the asynchronous return type of {@code method}, or {@code null} if it returns its
	 * result directly.
	 */
	static @Nullable AsyncReturn of(Method method) {
		Class<?> type = method.getReturnType();
		ReactiveAdapter adapter = null;
		if (!CompletionStage.class.isAssignableFrom(type)) {
			adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(type);
			if (adapter == null || adapter.isMultiValue() || adapter.isNoValue()) {
				return null;
			}
		}
		ResolvableType value = ResolvableType.forMethodParameter(new MethodParameter(method, -1)).getGeneric(0);
		Class<?> resolved = value.resolve();
		boolean none = resolved == null || resolved == Void.class;
		return new AsyncReturn(adapter, none ? null : value.getType());
	}

	/**
	 * Return the type of the value the work produces, or {@code null} if it produces none.
	 */
	@Nullable Type valueType() {
		return this.valueType;
	}

	/**
	 * Return what the method returned as a stage, subscribing once to a reactive type.
	 */
	@Nullable Object toStage(@Nullable Object returned) {
		if (this.adapter == null || returned == null) {
			return returned;
		}
		return CompletableFuture.class.cast(stageAdapter().fromPublisher(this.adapter.toPublisher(returned)));
	}

	/**
	 * Return what the gate answered as the method's type: its stage for work that ran, a completed
	 * one with the stored result, if any, for work that was skipped.
	 */
	Object toReturned(@Nullable Object answer) {
		CompletionStage<?> stage = (answer instanceof CompletionStage<?> ran) ? ran
				: CompletableFuture.completedFuture(answer);
		if (this.adapter == null) {
			return stage;
		}
		return this.adapter.fromPublisher(stageAdapter().toPublisher(stage.toCompletableFuture()));
	}

	private static ReactiveAdapter stageAdapter() {
		ReactiveAdapter stages = ReactiveAdapterRegistry.getSharedInstance().getAdapter(CompletableFuture.class);
		if (stages == null) {
			throw new IllegalStateException("Spring has no reactive adapter for CompletableFuture: put Reactor on the "
					+ "class path to return reactive types from idempotent listeners");
		}
		return stages;
	}

}
