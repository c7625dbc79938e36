package dev.idempotency.listener;

import java.util.List;

import dev.idempotency.IdempotencyException;

/**
 * How the gate reads the message of one listener method invocation and acknowledges a delivery
 * whose body it skipped. Created once per method by a {@link ListenerAdapter}.
 */
public interface ListenerBinding {

	/**
	 * Return the message the method is invoked for.
	 * @param arguments the invocation's arguments
	 * @return the message
	 */
	InboundMessage message(Object[] arguments);

	/**
	 * Acknowledge a delivery whose body was skipped, if the method acknowledges manually (for
	 * example through a Kafka {@code Acknowledgment} parameter). Does nothing otherwise.
	 * @param arguments the invocation's arguments
	 */
	void acknowledgeSkipped(Object[] arguments);

	/**
	 * Return the messages that the container delivers after this one from what it has already
	 * received, so that the gate can claim them ahead; each message is returned once. By default
	 * none.
	 * @param arguments the invocation's arguments
	 * @return the later messages, read from what the broker delivered: the payload is the
	 * delivered value if it is of the type the method takes, else {@code null}
	 */
	default List<InboundMessage> upcoming(Object[] arguments) {
		return List.of();
	}

	/**
	 * Express a refusal of the gate, thrown before the method ran, the way the broker's error
	 * handling understands it: a message that can never pass is rejected, one refused for a
	 * passing cause is handed back for a later attempt. By default the refusal itself.
	 * @param refusal why the gate refused the delivery
	 * @return the exception to throw to the broker
	 */
	default RuntimeException refused(IdempotencyException refusal) {
		return refusal;
	}

}
