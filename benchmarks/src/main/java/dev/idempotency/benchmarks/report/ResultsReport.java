package dev.idempotency.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.idempotency.benchmarks.kafka.KafkaPass;
import dev.idempotency.benchmarks.paired.PairedRound;

/**
 * Writes {@code RESULTS.md}: the run's setting, the targets, then every figure with its error.
 * Everything in it comes from the run; nothing is edited by hand.
 *
 * @param context how the run was made
 * @param measurements the figures
 * @param kafka the Kafka passes
 * @param pairs the rounds of the JDBC pairs
 * @param redisStats Redis's own command counters over the JMH run
 * @param profiles the JFR summaries
 */
public record ResultsReport(RunContext context, Measurements measurements, List<KafkaPass> kafka,
		List<PairedRound> pairs, RedisCommandStats redisStats, List<ProfileSummary> profiles) {

	/**
	 * Write the report.
	 * @param file the file
	 * @throws IOException if it cannot be written
	 */
	public void write(Path file) throws IOException {
		Markdown out = new Markdown();
		new SettingSection(this.context).write(out);
		new FigureSections(this.measurements, this.kafka, this.pairs).write(out);
		new DiagnosticSections(this.redisStats, this.profiles).write(out);
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(file, out.toString());
	}

}
