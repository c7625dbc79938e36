package dev.idempotency.listener;

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

}
