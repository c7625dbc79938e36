package dev.idempotency.core;

import org.jspecify.annotations.Nullable;

/**
 * What the gate did with one delivery.
 *
 * @param <T> the body's result type
 * @param outcome the outcome
 * @param value the body's result if it ran, else {@code null}
 */
public record Execution<T>(Outcome outcome, @Nullable T value) {

	/**
	 * Whether the body was skipped, so that the delivery must be acknowledged without it.
	 * @return {@code true} for a duplicate or a skipped in-progress delivery
	 */
	public boolean skipped() {
		return this.outcome == Outcome.DUPLICATE || this.outcome == Outcome.IN_PROGRESS;
	}

}
