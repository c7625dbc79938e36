package dev.idempotency.listener.kafka;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.idempotency.listener.BatchListenerBinding;
import dev.idempotency.listener.InboundMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Reads the batch of a {@code @KafkaListener} batch listener invocation. The batch is the
 * {@code ConsumerRecords}, {@code List<ConsumerRecord>}, {@code List<Message<?>>} or payload
 * {@code List<T>} parameter; {@code @Header} list parameters are parallel to it and narrowed alike.
 * Each element's record comes from the container (see {@link CurrentKafkaBatch}) or from the
 * batch itself.
 */
final class KafkaBatchListenerBinding implements BatchListenerBinding {

	private final Batch batch;

	private final int batchIndex;

	private final int[] parallelIndexes;

	private final int acknowledgmentIndex;

	KafkaBatchListenerBinding(Method method, String description) {
		Parameter[] parameters = method.getParameters();
		int found = -1;
		Batch kind = null;
		List<Integer> parallel = new ArrayList<>();
		int acknowledgment = -1;
		for (int i = 0; i < parameters.length; i++) {
			Batch candidate = Batch.of(method, i);
			if (MergedAnnotations.from(parameters[i]).isPresent(Header.class)) {
				if (List.class.isAssignableFrom(parameters[i].getType())) {
					parallel.add(i);
				}
			}
			else if (candidate != null && found < 0) {
				found = i;
				kind = candidate;
			}
			else if (Acknowledgment.class.isAssignableFrom(parameters[i].getType())) {
				acknowledgment = i;
			}
		}
		if (kind == null) {
			throw new IllegalStateException("@Idempotent batch listener " + description + " has no batch parameter: "
					+ "declare ConsumerRecords, List<ConsumerRecord>, List<Message<?>> or a List of payloads.");
		}
		this.batch = kind;
		this.batchIndex = found;
		this.parallelIndexes = parallel.stream().mapToInt(Integer::intValue).toArray();
		this.acknowledgmentIndex = acknowledgment;
	}

	/**
	 * Whether the container delivers a batch: a record listener's container has set the record
	 * being delivered (see {@link CurrentKafkaRecord}), so that a {@code List} parameter is then one
	 * payload. Outside a container the method is taken as a batch listener.
	 */
	@Override
	public boolean batches(Object[] arguments) {
		return CurrentKafkaRecord.get() == null;
	}

	/**
	 * Return the record delivered to a record listener whose payload is a list.
	 */
	@Override
	public InboundMessage message(Object[] arguments) {
		return new KafkaInboundMessage(CurrentKafkaRecord.get(), arguments[this.batchIndex]);
	}

	@Override
	public List<InboundMessage> messages(Object[] arguments) {
		List<?> elements = this.batch.elements(arguments[this.batchIndex]);
		List<? extends ConsumerRecord<?, ?>> records = records(elements);
		return IntStream.range(0, elements.size())
			.mapToObj((i) -> (InboundMessage) new KafkaInboundMessage((records != null) ? records.get(i) : null,
					this.batch.payload(elements.get(i))))
			.toList();
	}

	@Override
	public Object[] select(Object[] arguments, List<Integer> elements) {
		Object[] selected = arguments.clone();
		int size = this.batch.elements(arguments[this.batchIndex]).size();
		selected[this.batchIndex] = this.batch.select(arguments[this.batchIndex], elements);
		for (int index : this.parallelIndexes) {
			if (arguments[index] instanceof List<?> list && list.size() == size) {
				selected[index] = elements.stream().map(list::get).toList();
			}
		}
		return selected;
	}

	@Override
	public int failedElement(Throwable failure, Object[] selected) {
		if (!(failure instanceof BatchListenerFailedException failed)) {
			return -1;
		}
		if (failed.getRecord() != null) {
			List<?> elements = this.batch.elements(selected[this.batchIndex]);
			List<? extends ConsumerRecord<?, ?>> records = records(elements);
			return (records != null) ? records.indexOf(failed.getRecord()) : -1;
		}
		return failed.getIndex();
	}

	@Override
	public Throwable translate(Throwable failure, List<Integer> elements) {
		if (failure instanceof BatchListenerFailedException failed && failed.getRecord() == null
				&& failed.getIndex() >= 0 && failed.getIndex() < elements.size()) {
			return new BatchListenerFailedException(failed.getMessage(), failed.getCause(),
					elements.get(failed.getIndex()));
		}
		return failure;
	}

	@Override
	public RuntimeException elementFailure(RuntimeException cause, int element) {
		return new BatchListenerFailedException(cause.getMessage(), cause, element);
	}

	@Override
	public void acknowledgeSkipped(Object[] arguments) {
		if (this.acknowledgmentIndex >= 0 && arguments[this.acknowledgmentIndex] instanceof Acknowledgment ack) {
			ack.acknowledge();
		}
	}

	@SuppressWarnings("unchecked")
	private @Nullable List<? extends ConsumerRecord<?, ?>> records(List<?> elements) {
		if (this.batch == Batch.RECORDS || this.batch == Batch.RECORD_LIST) {
			return (List<? extends ConsumerRecord<?, ?>>) elements;
		}
		List<ConsumerRecord<?, ?>> delivered = CurrentKafkaBatch.get();
		// a record filter strategy may have removed records before the listener was called
		return (delivered != null && delivered.size() == elements.size()) ? delivered : null;
	}

	/**
	 * The parameter types that hold a batch.
	 */
	private enum Batch {

		RECORDS, RECORD_LIST, MESSAGE_LIST, PAYLOAD_LIST;

		static @Nullable Batch of(Method method, int index) {
			Class<?> type = method.getParameterTypes()[index];
			if (ConsumerRecords.class.isAssignableFrom(type)) {
				return RECORDS;
			}
			if (!List.class.isAssignableFrom(type)) {
				return null;
			}
			Class<?> element = ResolvableType.forMethodParameter(new MethodParameter(method, index))
				.asCollection()
				.resolveGeneric(0);
			if (element != null && ConsumerRecord.class.isAssignableFrom(element)) {
				return RECORD_LIST;
			}
			return (element != null && Message.class.isAssignableFrom(element)) ? MESSAGE_LIST : PAYLOAD_LIST;
		}

		List<?> elements(Object argument) {
			if (argument instanceof ConsumerRecords<?, ?> records) {
				List<ConsumerRecord<?, ?>> list = new ArrayList<>(records.count());
				records.forEach(list::add);
				return list;
			}
			return (List<?>) argument;
		}

		@Nullable Object payload(Object element) {
			return switch (this) {
				case RECORDS, RECORD_LIST -> ((ConsumerRecord<?, ?>) element).value();
				case MESSAGE_LIST -> ((Message<?>) element).getPayload();
				case PAYLOAD_LIST -> element;
			};
		}

		@SuppressWarnings({ "rawtypes", "unchecked" })
		Object select(Object argument, List<Integer> positions) {
			List<?> elements = elements(argument);
			List<?> selected = positions.stream().map(elements::get).toList();
			if (!(argument instanceof ConsumerRecords<?, ?> records)) {
				return selected;
			}
			Map<TopicPartition, List<ConsumerRecord>> byPartition = new LinkedHashMap<>();
			for (Object element : selected) {
				ConsumerRecord<?, ?> record = (ConsumerRecord<?, ?>) element;
				byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
						(partition) -> new ArrayList<>()).add(record);
			}
			return new ConsumerRecords(byPartition, records.nextOffsets());
		}

	}

}
