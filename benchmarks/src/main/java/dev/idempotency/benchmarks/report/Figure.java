package dev.idempotency.benchmarks.report;

import java.util.Locale;
import java.util.Optional;

/**
 * One measured figure with its error (the half-width of JMH's 99.9% confidence interval, or the
 * half-range of repeated timed runs).
 *
 * @param score the figure
 * @param error its error, {@code NaN} when unknown
 * @param unit its unit, such as {@code msg/s} or {@code ns/op}
 */
public record Figure(double score, double error, String unit) {

	/**
	 * Return the mean of repeated measurements, with half their range as the error.
	 * @param values the measurements
	 * @param unit their unit
	 * @return the figure, or empty if there are no measurements
	 */
	public static Optional<Figure> meanOf(double[] values, String unit) {
		if (values.length == 0) {
			return Optional.empty();
		}
		double sum = 0;
		double min = Double.MAX_VALUE;
		double max = -Double.MAX_VALUE;
		for (double value : values) {
			sum += value;
			min = Math.min(min, value);
			max = Math.max(max, value);
		}
		return Optional.of(new Figure(sum / values.length, (max - min) / 2, unit));
	}

	/**
	 * Return this figure scaled by {@code factor}, error alike.
	 * @param factor the factor
	 * @param newUnit the unit of the result
	 * @return the scaled figure
	 */
	public Figure times(double factor, String newUnit) {
		return new Figure(this.score * factor, this.error * factor, newUnit);
	}

	/**
	 * Return this figure minus {@code other}, errors combined in quadrature.
	 * @param other a figure of the same unit
	 * @return the difference
	 */
	public Figure minus(Figure other) {
		return new Figure(this.score - other.score, Math.hypot(this.error, other.error), this.unit);
	}

	/**
	 * Return the ratio of this figure to {@code other}, relative errors combined in quadrature.
	 * @param other the denominator
	 * @return the ratio, without unit
	 */
	public Figure over(Figure other) {
		double ratio = this.score / other.score;
		double relative = Math.hypot(this.error / this.score, other.error / other.score);
		return new Figure(ratio, Math.abs(ratio) * relative, "");
	}

	/**
	 * Format as {@code "12,345 ± 678 msg/s"}.
	 * @return the text
	 */
	public String format() {
		String unitSuffix = this.unit.isEmpty() ? "" : " " + this.unit;
		if (Double.isNaN(this.error)) {
			return number(this.score) + unitSuffix;
		}
		return number(this.score) + " ± " + number(this.error) + unitSuffix;
	}

	private static String number(double value) {
		double magnitude = Math.abs(value);
		if (magnitude >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (magnitude >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

}
