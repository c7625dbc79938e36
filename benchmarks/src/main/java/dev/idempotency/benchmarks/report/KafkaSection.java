package dev.idempotency.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.idempotency.benchmarks.kafka.KafkaPass;
import dev.idempotency.benchmarks.kafka.ListenerKind;

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
	 * @param listener which listener
	 * @return the figure, if any round was measured
	 */
	static Optional<Figure> mean(List<KafkaPass> passes, ListenerKind listener) {
		return Figure.meanOf(passes.stream()
			.filter((pass) -> pass.listener() == listener && pass.round() > 0)
			.mapToDouble(KafkaPass::messagesPerSecond)
			.toArray(), "msg/s");
	}

	void write(Markdown out) {
		out.heading(2, "Kafka end to end")
			.paragraph("Embedded KRaft broker (spring-kafka-test), topics of 3 partitions holding the messages, "
					+ "consumed by record listeners and by a batch listener (`List<String>`, the polls' batches "
					+ "of up to 500), container concurrency 1, each as a fresh consumer group per pass; with the "
					+ "gate: `@Idempotent(key = \"#payload\")`, fresh records per pass. The listeners whose body "
					+ "inserts a row insert one PostgreSQL row per message (auto-committed, or in the listener's "
					+ "`@Transactional` transaction, which the JDBC store's record joins) and read a topic of "
					+ "fewer messages; one `@Transactional` listener deduplicates by hand instead, inserting the "
					+ "payment's key into a table shaped like the store's unless present, before the row; the "
					+ "listener with per-record store writes reads a quarter of its topic. "
					+ "Rate from the first to the last message received. Round 0 warms up and is not in the "
					+ "means.")
			.tableHead("round", "listener", "messages received", "msg/s");
		for (KafkaPass pass : this.passes) {
			out.row(Integer.toString(pass.round()), pass.listener().label(),
					pass.received() + (pass.complete() ? "" : " (time limit reached)"),
					String.format(Locale.ROOT, "%,.0f", pass.messagesPerSecond()));
		}
		out.endTable();
		out.tableHead("listener", "mean msg/s", "ratio to the same listener without deduplication");
		for (ListenerKind listener : ListenerKind.values()) {
			Optional<Figure> figure = mean(this.passes, listener);
			String ratio = listener.deduplicates()
					? figure.flatMap((measured) -> mean(this.passes, listener.baseline()).map(measured::over))
						.map((r) -> r.format() + "×")
						.orElse("—")
					: "1";
			out.row(listener.label(), figure.map(Figure::format).orElse("not measured"), ratio);
		}
		out.endTable();
	}

}
