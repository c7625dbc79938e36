package dev.idempotency.benchmarks.kafka;

import java.util.List;

import dev.idempotency.Idempotent;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * The same batch listener behind the gate, keyed by each payload: one claim and one completion
 * round trip per poll.
 */
public class IdempotentBatchListener {

	private final Arrivals arrivals;

	/**
	 * Create the listener.
	 * @param arrivals the body
	 */
	public IdempotentBatchListener(Arrivals arrivals) {
		this.arrivals = arrivals;
	}

	/**
	 * Handle the payments of one poll, once per payment id.
	 * @param payments the payment ids
	 */
	@Idempotent(key = "#payload")
	@KafkaListener(id = KafkaEndToEnd.LISTENER, topics = "${bench.kafka.topic}", groupId = "${bench.kafka.group}",
			batch = "true")
	public void on(List<String> payments) {
		payments.forEach(this.arrivals::handle);
	}

}
