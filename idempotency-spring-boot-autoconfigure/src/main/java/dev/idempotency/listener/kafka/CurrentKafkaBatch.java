package dev.idempotency.listener.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Exposes the records a listener container is delivering to a batch listener to the gate on the
 * consumer thread, so that each element's headers and record are available whatever the listener
 * method declares, and ends the claims deferred to the batch's Kafka transaction after the poll
 * (see {@link KafkaContainerTransactions}); after each poll it ends the poll's scope (see
 * {@link KafkaPollScopes#endPoll()}). Composed with any batch interceptor the
 * application already has.
 */
public final class CurrentKafkaBatch implements BatchInterceptor<Object, Object> {

	private static final ThreadLocal<List<ConsumerRecord<?, ?>>> current = new ThreadLocal<>();

	/**
	 * Return the records being delivered on this thread, in delivery order.
	 * @return the records, or {@code null} outside a delivery
	 */
	public static @Nullable List<ConsumerRecord<?, ?>> get() {
		return current.get();
	}

	@Override
	public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
			Consumer<Object, Object> consumer) {
		List<ConsumerRecord<?, ?>> list = new ArrayList<>(records.count());
		records.forEach(list::add);
		current.set(list);
		return records;
	}

	@Override
	public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
		current.remove();
	}

	@Override
	public void failure(ConsumerRecords<Object, Object> records, Exception exception,
			Consumer<Object, Object> consumer) {
		current.remove();
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		KafkaContainerTransactions.transactionEnded(consumer);
		KafkaPollScopes.endPoll();
		current.remove();
	}

}
