package dev.idempotency.benchmarks.kafka;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * A record listener without the gate.
 */
public class PlainRecordListener {

	private final Arrivals arrivals;

	/**
	 * Create the listener.
	 * @param arrivals the body
	 */
	public PlainRecordListener(Arrivals arrivals) {
		this.arrivals = arrivals;
	}

	/**
	 * Handle a payment.
	 * @param payment the payment id
	 */
	@KafkaListener(id = KafkaEndToEnd.LISTENER, topics = "${bench.kafka.topic}", groupId = "${bench.kafka.group}")
	public void on(String payment) {
		this.arrivals.handle(payment);
	}

}
