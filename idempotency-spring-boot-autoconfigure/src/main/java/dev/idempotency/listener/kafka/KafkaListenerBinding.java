package dev.idempotency.listener.kafka;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import dev.idempotency.listener.InboundMessage;
import dev.idempotency.listener.ListenerBinding;
import dev.idempotency.listener.ListenerParameters;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.Acknowledgment;
import org.springframework.messaging.Message;
import org.springframework.util.ClassUtils;

/**
 * Reads the record of a {@code @KafkaListener} record listener invocation: from the container
 * (see {@link CurrentKafkaRecord}), else from a {@code ConsumerRecord} parameter. The payload is
 * the {@code @Payload} parameter, else the one parameter that is neither a header nor a framework
 * type; a {@code Message<?>} parameter gives its payload, a {@code ConsumerRecord} its value.
 */
final class KafkaListenerBinding implements ListenerBinding {

	private static final List<Class<?>> FRAMEWORK_TYPES = List.of(ConsumerRecord.class, Message.class,
			Acknowledgment.class, Consumer.class);

	private final int recordIndex;

	private final int messageIndex;

	private final int payloadIndex;

	private final int acknowledgmentIndex;

	/** The type of the payload parameter, or {@code null} if the method takes none. */
	private final @Nullable Class<?> payloadType;

	KafkaListenerBinding(Method method) {
		Parameter[] parameters = method.getParameters();
		this.recordIndex = ListenerParameters.indexOf(parameters, ConsumerRecord.class);
		this.messageIndex = ListenerParameters.indexOf(parameters, Message.class);
		this.acknowledgmentIndex = ListenerParameters.indexOf(parameters, Acknowledgment.class);
		this.payloadIndex = ListenerParameters.payloadIndex(parameters, FRAMEWORK_TYPES);
		this.payloadType = (this.payloadIndex >= 0)
				? ClassUtils.resolvePrimitiveIfNecessary(parameters[this.payloadIndex].getType()) : null;
	}

	@Override
	public InboundMessage message(Object[] arguments) {
		ConsumerRecord<?, ?> record = CurrentKafkaRecord.get();
		if (record == null && this.recordIndex >= 0) {
			record = (ConsumerRecord<?, ?>) arguments[this.recordIndex];
		}
		return new KafkaInboundMessage(record, payload(arguments, record));
	}

	@Override
	public List<InboundMessage> upcoming(Object[] arguments) {
		ConsumerRecord<?, ?> current = CurrentKafkaRecord.get();
		if (current == null) {
			return List.of();
		}
		List<ConsumerRecord<?, ?>> later = KafkaPollScopes.upcoming(current);
		List<InboundMessage> messages = new ArrayList<>(later.size());
		for (ConsumerRecord<?, ?> record : later) {
			messages.add(new KafkaInboundMessage(record, deliveredPayload(record)));
		}
		return messages;
	}

	/**
	 * The value of a record as the payload parameter, if it already is of its type: what the
	 * method will receive, before any conversion.
	 */
	private @Nullable Object deliveredPayload(ConsumerRecord<?, ?> record) {
		Object value = record.value();
		if (this.payloadIndex < 0) {
			return (this.messageIndex < 0) ? value : null;
		}
		return (this.payloadType != null && this.payloadType.isInstance(value)) ? value : null;
	}

	@Override
	public void acknowledgeSkipped(Object[] arguments) {
		if (this.acknowledgmentIndex >= 0 && arguments[this.acknowledgmentIndex] instanceof Acknowledgment ack) {
			ack.acknowledge();
		}
	}

	private @Nullable Object payload(Object[] arguments, @Nullable ConsumerRecord<?, ?> record) {
		if (this.payloadIndex >= 0) {
			return arguments[this.payloadIndex];
		}
		if (this.messageIndex >= 0 && arguments[this.messageIndex] instanceof Message<?> message) {
			return message.getPayload();
		}
		return (record != null) ? record.value() : null;
	}

}
