package dev.idempotency.listener.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Exposes the record a listener container is delivering to the gate on the consumer thread, so
 * that the key header, {@code #record} and {@code #headers} are available even when the listener
 * method does not declare them, and ends the claims deferred to the record's Kafka transaction
 * after it (see {@link KafkaContainerTransactions}); after each poll it ends the poll's scope (see
 * {@link KafkaPollScopes#endPoll()}). Composed with any interceptor the
 * application already has.
 */
public final class CurrentKafkaRecord implements RecordInterceptor<Object, Object> {

	private static final ThreadLocal<ConsumerRecord<?, ?>> current = new ThreadLocal<>();

	/**
	 * Return the record being delivered on this thread.
	 * @return the record, or {@code null} outside a delivery
	 */
	public static @Nullable ConsumerRecord<?, ?> get() {
		return current.get();
	}

	@Override
	public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		current.set(record);
		return record;
	}

	@Override
	public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		KafkaContainerTransactions.transactionEnded(consumer);
		current.remove();
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		KafkaContainerTransactions.transactionEnded(consumer);
		KafkaPollScopes.endPoll();
		current.remove();
	}

}
