package dev.idempotency.listener.kafka;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;

import dev.idempotency.listener.InboundMessage;
import dev.idempotency.listener.ListenerBinding;
import dev.idempotency.listener.ListenerParameters;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.Acknowledgment;
import org.springframework.messaging.Message;

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

	KafkaListenerBinding(Method method) {
		Parameter[] parameters = method.getParameters();
		this.recordIndex = ListenerParameters.indexOf(parameters, ConsumerRecord.class);
		this.messageIndex = ListenerParameters.indexOf(parameters, Message.class);
		this.acknowledgmentIndex = ListenerParameters.indexOf(parameters, Acknowledgment.class);
		this.payloadIndex = ListenerParameters.payloadIndex(parameters, FRAMEWORK_TYPES);
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
