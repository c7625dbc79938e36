package dev.idempotency.listener.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * The recoverer of a test's error handler: records every record that reached it, with the
 * exception, so that a test asserts on what was given up on.
 */
final class RecordingRecoverer implements ConsumerRecordRecoverer {

	private final List<ConsumerRecord<?, ?>> records = new CopyOnWriteArrayList<>();

	private final List<Exception> exceptions = new CopyOnWriteArrayList<>();

	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception ex) {
		this.records.add(record);
		this.exceptions.add(ex);
	}

	List<ConsumerRecord<?, ?>> records() {
		return List.copyOf(this.records);
	}

	List<Exception> exceptions() {
		return List.copyOf(this.exceptions);
	}

}
