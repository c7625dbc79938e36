package dev.idempotency.core;

import org.jspecify.annotations.Nullable;

/**
 * The guarded work: a listener method invocation or a template callback.
 *
 * @param <T> the result type
 * @param <E> the exception type it may throw
 */
@FunctionalInterface
public interface Body<T, E extends Throwable> {

	/**
	 * Run the work.
	 * @return its result
	 * @throws E if the work fails
	 */
	@Nullable T run() throws E;

}
