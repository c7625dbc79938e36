package dev.idempotency.listener.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.idempotency.core.TransactionBoundary;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.KafkaResourceHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Kafka transactions of listener containers that run with a {@code KafkaTransactionManager}.
 * That manager runs without transaction synchronization, so the end of its transaction is
 * observed through the container's interceptors instead ({@link CurrentKafkaRecord} after each
 * record, {@link CurrentKafkaBatch} after each poll): a claim deferred inside the transaction is
 * completed if the container has moved past its records (the transaction committed), and
 * released if the container sought back to them to deliver them again (it rolled back).
 *
 * <p>Only deliveries of a container whose factory the starter has seen are deferred; elsewhere,
 * such as a method that is merely {@code @Transactional} on the Kafka transaction manager, this
 * boundary is not active.
 */
public final class KafkaContainerTransactions implements TransactionBoundary {

	private static final Log logger = LogFactory.getLog(KafkaContainerTransactions.class);

	private static final ThreadLocal<List<Deferred>> deferred = ThreadLocal.withInitial(ArrayList::new);

	@Override
	public boolean isActive() {
		return delivered() != null && TransactionSynchronizationManager.getResourceMap()
			.values()
			.stream()
			.anyMatch(KafkaResourceHolder.class::isInstance);
	}

	@Override
	public boolean defer(Runnable onCommit, Runnable onRollback) {
		if (!isActive()) {
			return false;
		}
		deferred.get().add(new Deferred(List.copyOf(delivered()), onCommit, onRollback));
		return true;
	}

	/**
	 * End the claims deferred on this thread, now that the transaction of their records ended.
	 * @param consumer the container's consumer, whose positions tell how the transaction ended
	 */
	static void transactionEnded(Consumer<?, ?> consumer) {
		List<Deferred> ending = deferred.get();
		if (ending.isEmpty()) {
			return;
		}
		deferred.remove();
		for (Deferred claims : ending) {
			try {
				(committed(consumer, claims.records()) ? claims.onCommit() : claims.onRollback()).run();
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to end the claims of " + claims.records().size() + " records after their Kafka "
						+ "transaction ended; a redelivery to this instance runs them at once, one to another once "
						+ "the lease lapses", ex);
			}
		}
	}

	private static List<ConsumerRecord<?, ?>> delivered() {
		ConsumerRecord<?, ?> record = CurrentKafkaRecord.get();
		return (record != null) ? List.of(record) : CurrentKafkaBatch.get();
	}

	/**
	 * Whether the consumer has moved past every record: a rolled-back transaction makes the
	 * container seek back to its records, and a partition revoked meanwhile is no longer ours to
	 * complete.
	 */
	private static boolean committed(Consumer<?, ?> consumer, List<ConsumerRecord<?, ?>> records) {
		try {
			return records.stream()
				.allMatch((record) -> consumer.position(new TopicPartition(record.topic(), record.partition())) > record
					.offset());
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private record Deferred(List<ConsumerRecord<?, ?>> records, Runnable onCommit, Runnable onRollback) {

	}

}
