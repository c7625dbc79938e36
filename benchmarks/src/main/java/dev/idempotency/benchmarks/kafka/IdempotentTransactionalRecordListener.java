package dev.idempotency.benchmarks.kafka;

import dev.idempotency.Idempotent;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.annotation.Transactional;

/**
 * The same transactional record listener behind the gate, keyed by the payload; the gate runs
 * inside the transaction.
 */
public class IdempotentTransactionalRecordListener {

	private final Arrivals arrivals;

	/**
	 * Create the listener.
	 * @param arrivals the body
	 */
	public IdempotentTransactionalRecordListener(Arrivals arrivals) {
		this.arrivals = arrivals;
	}

	/**
	 * Handle a payment once per payment id, in a transaction.
	 * @param payment the payment id
	 */
	@Transactional
	@Idempotent(key = "#payload")
	@KafkaListener(id = KafkaEndToEnd.LISTENER, topics = "${bench.kafka.topic}", groupId = "${bench.kafka.group}")
	public void on(String payment) {
		this.arrivals.handle(payment);
	}

}
