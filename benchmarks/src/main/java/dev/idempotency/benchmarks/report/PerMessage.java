package dev.idempotency.benchmarks.report;

import java.util.Optional;

/**
 * Reads figures per message: batch benchmarks score batches per second, which become messages
 * per second; the others score one message per operation.
 */
final class PerMessage {

	private final Measurements measurements;

	PerMessage(Measurements measurements) {
		this.measurements = measurements;
	}

	/**
	 * Messages per second of a one-message-per-operation throughput benchmark.
	 * @param id the benchmark id
	 * @return the figure, if measured
	 */
	Optional<Figure> rate(String id) {
		return this.measurements.get(id).map((figure) -> figure.times(1, "msg/s"));
	}

	/**
	 * Messages per second of a batch benchmark.
	 * @param id the benchmark id
	 * @param batchSize messages per operation
	 * @return the figure, if measured
	 */
	Optional<Figure> batchRate(String id, int batchSize) {
		return this.measurements.get(id).map((figure) -> figure.times(batchSize, "msg/s"));
	}

	/**
	 * Nanoseconds per message of an average-time benchmark.
	 * @param id the benchmark id
	 * @return the figure, if measured
	 */
	Optional<Figure> time(String id) {
		return this.measurements.get(id);
	}

}
