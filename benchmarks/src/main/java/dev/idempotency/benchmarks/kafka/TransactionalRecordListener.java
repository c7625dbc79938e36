package dev.idempotency.benchmarks.kafka;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.annotation.Transactional;

/**
 * A record listener without the gate whose body runs in a database transaction.
 */
public class TransactionalRecordListener {

	private final Arrivals arrivals;

	/**
	 * Create the listener.
	 * @param arrivals the body
	 */
	public TransactionalRecordListener(Arrivals arrivals) {
		this.arrivals = arrivals;
	}

	/**
	 * Handle a payment in a transaction.
	 * @param payment the payment id
	 */
	@Transactional
	@KafkaListener(id = KafkaEndToEnd.LISTENER, topics = "${bench.kafka.topic}", groupId = "${bench.kafka.group}")
	public void on(String payment) {
		this.arrivals.handle(payment);
	}

}
