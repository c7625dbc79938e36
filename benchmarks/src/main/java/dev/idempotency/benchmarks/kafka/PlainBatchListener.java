package dev.idempotency.benchmarks.kafka;

import java.util.List;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * A batch listener without the gate.
 */
public class PlainBatchListener {

	private final Arrivals arrivals;

	/**
	 * Create the listener.
	 * @param arrivals the body
	 */
	public PlainBatchListener(Arrivals arrivals) {
		this.arrivals = arrivals;
	}

	/**
	 * Handle the payments of one poll.
	 * @param payments the payment ids
	 */
	@KafkaListener(id = KafkaEndToEnd.LISTENER, topics = "${bench.kafka.topic}", groupId = "${bench.kafka.group}",
			batch = "true")
	public void on(List<String> payments) {
		payments.forEach(this.arrivals::handle);
	}

}
