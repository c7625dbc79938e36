package dev.idempotency.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.idempotency.benchmarks.kafka.KafkaPass;

/**
 * The Kafka end-to-end passes, and their means as figures for the targets.
 */
final class KafkaSection {

	private final List<KafkaPass> passes;

	KafkaSection(List<KafkaPass> passes) {
		this.passes = passes;
	}

	/**
	 * The mean rate of the measured rounds (the warm-up round left out), with half their range as
	 * the error.
	 * @param passes the passes
	 * @param gated which listener
	 * @return the figure, if any round was measured
	 */
	static Optional<Figure> mean(List<KafkaPass> passes, boolean gated) {
		double[] rates = passes.stream()
			.filter((pass) -> pass.gated() == gated && pass.round() > 0)
			.mapToDouble(KafkaPass::messagesPerSecond)
			.toArray();
		if (rates.length == 0) {
			return Optional.empty();
		}
		double sum = 0;
		double min = Double.MAX_VALUE;
		double max = 0;
		for (double rate : rates) {
			sum += rate;
			min = Math.min(min, rate);
			max = Math.max(max, rate);
		}
		return Optional.of(new Figure(sum / rates.length, (max - min) / 2, "msg/s"));
	}

	void write(Markdown out) {
		out.heading(2, "Kafka end to end")
			.paragraph("Embedded KRaft broker (spring-kafka-test), one topic of 3 partitions holding the messages, "
					+ "a record listener (container concurrency 1) consuming all of them as a fresh consumer group "
					+ "per pass; with the gate: `@Idempotent(key = \"#payload\")` on the Redis store, fresh "
					+ "records per pass. Rate from the first to the last message received. Round 0 warms up and "
					+ "is not in the means.")
			.tableHead("round", "listener", "messages received", "msg/s");
		for (KafkaPass pass : this.passes) {
			out.row(Integer.toString(pass.round()), pass.gated() ? "`@Idempotent`, Redis" : "plain",
					pass.received() + (pass.complete() ? "" : " (time limit reached)"),
					String.format(Locale.ROOT, "%,.0f", pass.messagesPerSecond()));
		}
		out.endTable();
		Optional<Figure> plain = mean(this.passes, false);
		Optional<Figure> gated = mean(this.passes, true);
		out.tableHead("listener", "mean msg/s", "ratio to plain")
			.row("plain record listener", plain.map(Figure::format).orElse("not measured"), "1")
			.row("record listener with `@Idempotent`, Redis", gated.map(Figure::format).orElse("not measured"),
					gated.flatMap((g) -> plain.map(g::over)).map((r) -> r.format() + "×").orElse("—"))
			.row("batch listener with `@Idempotent`, Redis",
					"not measured yet: waits for the batch-listener support", "—")
			.endTable();
	}

}
