package dev.idempotency.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The work one call through the gate guards, for the fresh elements of the call: a single
 * message's body or a batch listener narrowed to its fresh elements.
 *
 * @param <E> the exception type it may throw
 */
interface GateWork<E extends Throwable> {

	/**
	 * Run the work.
	 * @param fresh the positions of the elements to process, in order
	 * @return the work's result, or a stage that ends with it
	 * @throws E if the work fails
	 */
	@Nullable Object run(List<Integer> fresh) throws E;

	/**
	 * Tell which element of {@code fresh} a failure of {@link #run} belongs to, if the work reports
	 * it.
	 * @param failure what {@link #run} threw
	 * @return the index in {@code fresh} of the failed element, or {@code -1} if unknown
	 */
	default int failedElement(Throwable failure) {
		return -1;
	}

}
