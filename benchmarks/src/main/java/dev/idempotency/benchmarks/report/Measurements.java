package dev.idempotency.benchmarks.report;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.idempotency.benchmarks.kafka.KafkaPass;
import dev.idempotency.benchmarks.kafka.ListenerKind;
import dev.idempotency.benchmarks.paired.JdbcPair;
import dev.idempotency.benchmarks.paired.PairedRound;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The figures of one run, by benchmark id: {@code SimpleClass.method}, followed by
 * {@code [param=value]} for a parameterised benchmark, such as
 * {@code RedisBatchGateBenchmark.claimAllThenCompleteAll[batchSize=100]}.
 */
public final class Measurements {

	private final Map<String, Figure> figures = new LinkedHashMap<>();

	/**
	 * Add the primary result of every JMH run.
	 * @param results what JMH returned
	 * @return these measurements
	 */
	public Measurements addAll(Collection<RunResult> results) {
		for (RunResult result : results) {
			Result<?> primary = result.getPrimaryResult();
			this.figures.put(id(result.getParams()),
					new Figure(primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
		}
		return this;
	}

	/**
	 * Add a figure measured outside JMH.
	 * @param id its id
	 * @param figure the figure
	 * @return these measurements
	 */
	public Measurements add(String id, Figure figure) {
		this.figures.put(id, figure);
		return this;
	}

	/**
	 * Add the mean rates of the Kafka passes.
	 * @param passes the passes
	 * @return these measurements
	 */
	public Measurements addKafka(List<KafkaPass> passes) {
		for (ListenerKind listener : ListenerKind.values()) {
			KafkaSection.mean(passes, listener).ifPresent((figure) -> add(BenchmarkIds.kafka(listener), figure));
		}
		return this;
	}

	/**
	 * Add the means of the JDBC pairs: the gate's rate and the floor's, unless measured already
	 * (by JMH, or by another pair), and the ratio.
	 * @param rounds the rounds of the pairs
	 * @return these measurements
	 */
	public Measurements addPaired(List<PairedRound> rounds) {
		for (JdbcPair pair : JdbcPair.values()) {
			PairedSection.mean(rounds, pair, PairedRound::gateRate, "msg/s")
				.ifPresent((rate) -> this.figures.putIfAbsent(pair.gate(), rate));
			PairedSection.mean(rounds, pair, PairedRound::floorRate, "msg/s")
				.ifPresent((rate) -> this.figures.putIfAbsent(pair.floor(), rate));
			PairedSection.mean(rounds, pair, PairedRound::ratio, "")
				.ifPresent((ratio) -> add(BenchmarkIds.paired(pair), ratio));
		}
		return this;
	}

	/**
	 * Return a figure.
	 * @param id its id
	 * @return the figure, or empty if it was not measured
	 */
	public Optional<Figure> get(String id) {
		return Optional.ofNullable(this.figures.get(id));
	}

	/**
	 * Return every figure, in the order measured.
	 * @return the figures by id
	 */
	public Map<String, Figure> all() {
		return Map.copyOf(this.figures);
	}

	static String id(BenchmarkParams params) {
		String benchmark = params.getBenchmark();
		int method = benchmark.lastIndexOf('.');
		int type = benchmark.lastIndexOf('.', method - 1);
		StringBuilder id = new StringBuilder(benchmark.substring(type + 1));
		for (String key : params.getParamsKeys()) {
			id.append('[').append(key).append('=').append(params.getParam(key)).append(']');
		}
		return id.toString();
	}

}
