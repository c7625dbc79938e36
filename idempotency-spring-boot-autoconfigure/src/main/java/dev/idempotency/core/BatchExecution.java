package dev.idempotency.core;

import java.util.List;

/**
 * What the gate did with one batch.
 *
 * @param fresh the positions of the elements the body ran for, in batch order
 * @param outcomes the outcome of each element of the batch, in batch order
 */
public record BatchExecution(List<Integer> fresh, List<Outcome> outcomes) {

	/**
	 * Whether the body was not called: every element was skipped, so that the batch must be
	 * acknowledged without it.
	 * @return {@code true} if the body did not run
	 */
	public boolean skipped() {
		return this.fresh.isEmpty();
	}

}
