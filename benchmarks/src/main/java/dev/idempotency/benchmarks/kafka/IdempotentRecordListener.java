package dev.idempotency.benchmarks.kafka;

import dev.idempotency.Idempotent;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * The same record listener behind the gate, keyed by the payload.
 */
public class IdempotentRecordListener {

	private final Arrivals arrivals;

	/**
	 * Create the listener.
	 * @param arrivals the body
	 */
	public IdempotentRecordListener(Arrivals arrivals) {
		this.arrivals = arrivals;
	}

	/**
	 * Handle a payment once per payment id.
	 * @param payment the payment id
	 */
	@Idempotent(key = "#payload")
	@KafkaListener(id = KafkaEndToEnd.LISTENER, topics = "${bench.kafka.topic}", groupId = "${bench.kafka.group}")
	public void on(String payment) {
		this.arrivals.handle(payment);
	}

}
