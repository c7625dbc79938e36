package dev.idempotency.benchmarks.kafka;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional record listener without the gate, deduplicating by hand in its transaction:
 * it records the payment's key, one statement answered before the body, and runs the body only
 * if the key was new. What any record written in the listener's transaction costs at least.
 */
public class HandDedupedTransactionalRecordListener {

	private final Arrivals arrivals;

	private final ProcessedKeys processed;

	/**
	 * Create the listener and its table of processed keys.
	 * @param arrivals the body
	 * @param jdbc the template on the PostgreSQL database
	 */
	public HandDedupedTransactionalRecordListener(Arrivals arrivals, JdbcTemplate jdbc) {
		this.arrivals = arrivals;
		this.processed = new ProcessedKeys(jdbc);
	}

	/**
	 * Handle a payment once per payment id, in a transaction.
	 * @param payment the payment id
	 */
	@Transactional
	@KafkaListener(id = KafkaEndToEnd.LISTENER, topics = "${bench.kafka.topic}", groupId = "${bench.kafka.group}")
	public void on(String payment) {
		if (this.processed.add(payment)) {
			this.arrivals.handle(payment);
		}
	}

}
