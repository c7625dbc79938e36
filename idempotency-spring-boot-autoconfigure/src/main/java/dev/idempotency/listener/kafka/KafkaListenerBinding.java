package dev.idempotency.listener.kafka;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

import dev.idempotency.listener.InboundMessage;
import dev.idempotency.listener.ListenerBinding;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

/**
 * Reads the record of a {@code @KafkaListener} record listener invocation: from the container
 * (see {@link CurrentKafkaRecord}), else from a {@code ConsumerRecord} parameter. The payload is
 * the {@code @Payload} parameter, else the one parameter that is neither a header nor a framework
 * type; a {@code Message<?>} parameter gives its payload, a {@code ConsumerRecord} its value.
 */
final class KafkaListenerBinding implements ListenerBinding {

	private final int recordIndex;

	private final int messageIndex;

	private final int payloadIndex;

	private final int acknowledgmentIndex;

	KafkaListenerBinding(Method method) {
		Parameter[] parameters = method.getParameters();
		this.recordIndex = indexOf(parameters, ConsumerRecord.class);
		this.messageIndex = indexOf(parameters, Message.class);
		this.acknowledgmentIndex = indexOf(parameters, Acknowledgment.class);
		this.payloadIndex = payloadIndex(parameters);
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

	private static int indexOf(Parameter[] parameters, Class<?> type) {
		for (int i = 0; i < parameters.length; i++) {
			if (type.isAssignableFrom(parameters[i].getType())) {
				return i;
			}
		}
		return -1;
	}

	private static int payloadIndex(Parameter[] parameters) {
		for (int i = 0; i < parameters.length; i++) {
			if (MergedAnnotations.from(parameters[i]).isPresent(Payload.class)) {
				return i;
			}
		}
		for (int i = 0; i < parameters.length; i++) {
			if (isPayloadCandidate(parameters[i])) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isPayloadCandidate(Parameter parameter) {
		MergedAnnotations annotations = MergedAnnotations.from(parameter);
		Class<?> type = parameter.getType();
		return !annotations.isPresent(Header.class) && !annotations.isPresent(Headers.class)
				&& !ConsumerRecord.class.isAssignableFrom(type) && !Message.class.isAssignableFrom(type)
				&& !Acknowledgment.class.isAssignableFrom(type) && !Consumer.class.isAssignableFrom(type);
	}

}
