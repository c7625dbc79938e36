package dev.idempotency.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import dev.idempotency.benchmarks.paired.JdbcPair;
import dev.idempotency.benchmarks.paired.PairedRound;

/**
 * The JDBC gate against its floors in alternating slices, and the means of its rounds as figures
 * for the targets.
 */
final class PairedSection {

	private final List<PairedRound> rounds;

	PairedSection(List<PairedRound> rounds) {
		this.rounds = rounds;
	}

	/**
	 * The mean of a pair's rounds, with half their range as the error.
	 * @param rounds the rounds
	 * @param pair which pair
	 * @param value what to read of a round: a rate ({@code msg/s}) or its ratio (no unit)
	 * @param unit the unit of the value
	 * @return the figure, if any round was measured
	 */
	static Optional<Figure> mean(List<PairedRound> rounds, JdbcPair pair, ToDoubleFunction<PairedRound> value,
			String unit) {
		return Figure.meanOf(rounds.stream().filter((round) -> round.pair() == pair).mapToDouble(value).toArray(),
				unit);
	}

	void write(Markdown out) {
		out.heading(2, "JDBC against its floors, interleaved")
			.paragraph("Every commit waits for PostgreSQL's write-ahead log to reach the disk, and that wait drifts "
					+ "within a minute, so a JDBC gate and its floor are not compared through JMH figures taken a "
					+ "minute apart, nor through adjacent slices of a second, between which it varies too. After a "
					+ "warm-up of every pair, each round runs one operation of the gate, then one of the floor, "
					+ "then the floor's first, and so on (see the settings above), with the benchmarks' own code "
					+ "on one connection each, and times each operation; a side's rate is its messages over its "
					+ "own time. An operation of the simulated poll is 500 messages, and its floor's 500 inserts. "
					+ "The JDBC targets and the rows of these benchmarks above come from here.")
			.tableHead("round", "pair", "floor msg/s", "gate msg/s", "gate ÷ floor");
		for (PairedRound round : this.rounds) {
			out.row(Integer.toString(round.round()), round.pair().label(), number(round.floorRate()),
					number(round.gateRate()), String.format(Locale.ROOT, "%.2f", round.ratio()));
		}
		out.endTable();
		out.tableHead("pair", "floor, mean msg/s", "gate, mean msg/s", "mean of the rounds' ratios");
		for (JdbcPair pair : JdbcPair.values()) {
			out.row(pair.label(), format(mean(this.rounds, pair, PairedRound::floorRate, "msg/s")),
					format(mean(this.rounds, pair, PairedRound::gateRate, "msg/s")),
					format(mean(this.rounds, pair, PairedRound::ratio, "")));
		}
		out.endTable();
	}

	private static String number(double rate) {
		return String.format(Locale.ROOT, "%,.0f", rate);
	}

	private static String format(Optional<Figure> figure) {
		return figure.map(Figure::format).orElse("not measured");
	}

}
