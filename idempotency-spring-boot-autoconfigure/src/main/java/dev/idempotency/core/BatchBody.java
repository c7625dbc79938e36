package dev.idempotency.core;

import java.util.List;

/**
 * The guarded work of a batch listener: runs for the elements of a batch that were not processed
 * before.
 *
 * @param <E> the exception type it may throw
 */
@FunctionalInterface
public interface BatchBody<E extends Throwable> {

	/**
	 * Run the work for some elements of the batch.
	 * @param fresh the positions in the batch of the elements to process, in batch order
	 * @throws E if the work fails
	 */
	void run(List<Integer> fresh) throws E;

	/**
	 * Tell which element a failure of {@link #run} belongs to, when the work reports it (as
	 * Spring Kafka's {@code BatchListenerFailedException} does): the elements before it are
	 * completed, it and those after it are released. By default the whole batch failed.
	 * @param failure what {@link #run} threw
	 * @return the index in the {@code fresh} list of the failed element, or {@code -1} if unknown
	 */
	default int failedElement(Throwable failure) {
		return -1;
	}

}
