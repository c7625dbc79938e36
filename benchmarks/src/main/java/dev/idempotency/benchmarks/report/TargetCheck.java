package dev.idempotency.benchmarks.report;

import java.util.Optional;

/**
 * One performance target and what this run measured for it.
 *
 * @param target the target, as stated
 * @param measured the measured figure (a ratio or a difference), empty if not measured
 * @param threshold the bound the figure must reach
 * @param atLeast {@code true} if the figure must be at least the threshold, {@code false} if at
 * most
 * @param notMeasuredReason why there is no figure, when there is none
 */
public record TargetCheck(String target, Optional<Figure> measured, double threshold, boolean atLeast,
		String notMeasuredReason) {

	/**
	 * Say whether the target was met, and whether the threshold lies within the figure's error.
	 * @return {@code met}, {@code missed} or {@code not measured}, with a remark on the error
	 */
	public String verdict() {
		if (this.measured.isEmpty()) {
			return "not measured: " + this.notMeasuredReason;
		}
		Figure figure = this.measured.get();
		boolean met = this.atLeast ? figure.score() >= this.threshold : figure.score() <= this.threshold;
		boolean withinError = Math.abs(figure.score() - this.threshold) <= figure.error();
		return (met ? "**met**" : "**missed**") + (withinError ? " (threshold within the error)" : "");
	}

}
