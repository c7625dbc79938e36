package dev.idempotency.benchmarks.paired;

/**
 * One round of a {@link JdbcPair}: the gate's operations and the floor's, interleaved.
 *
 * @param pair the pair
 * @param round the round, from 1
 * @param gateRate messages per second of the gate's operations, over their own time
 * @param floorRate messages per second of the floor's operations, over their own time
 */
public record PairedRound(JdbcPair pair, int round, double gateRate, double floorRate) {

	/**
	 * Return the gate's rate over the floor's.
	 * @return the ratio of this round
	 */
	public double ratio() {
		return this.gateRate / this.floorRate;
	}

}
