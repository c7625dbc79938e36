package dev.idempotency.benchmarks.paired;

import dev.idempotency.benchmarks.report.BenchmarkIds;

/**
 * A JDBC gate benchmark and the PostgreSQL floor it is held against, measured side by side by
 * {@link InterleavedPairs}.
 */
public enum JdbcPair {

	/**
	 * The gate in the body's transaction against the insert in a transaction that Spring's
	 * transaction manager runs, as it runs the gate's: like for like.
	 */
	SAME_TRANSACTION("same-transaction mode against the insert in a Spring-managed transaction",
			BenchmarkIds.JDBC_SAME_TRANSACTION, BenchmarkIds.POSTGRES_MANAGED_TRANSACTION_FLOOR),

	/**
	 * The gate in the body's transaction against the insert in a transaction of its own on a raw
	 * connection: the gate's cost plus that of Spring's transaction management.
	 */
	SAME_TRANSACTION_RAW("same-transaction mode against the insert in a transaction on a raw connection",
			BenchmarkIds.JDBC_SAME_TRANSACTION, BenchmarkIds.POSTGRES_TRANSACTION_FLOOR),

	/** The gate over a simulated poll, completions per poll, against the auto-committed insert. */
	DEFERRED_POLL("separate mode over a simulated poll of 500, completions per poll, against the auto-committed insert",
			BenchmarkIds.JDBC_DEFERRED_POLL, BenchmarkIds.POSTGRES_FLOOR);

	private final String label;

	private final String gate;

	private final String floor;

	JdbcPair(String label, String gate, String floor) {
		this.label = label;
		this.gate = gate;
		this.floor = floor;
	}

	/**
	 * Describe the pair for the report.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Return the benchmark id of the gate's side.
	 * @return the id
	 */
	public String gate() {
		return this.gate;
	}

	/**
	 * Return the benchmark id of the floor's side.
	 * @return the id
	 */
	public String floor() {
		return this.floor;
	}

}
