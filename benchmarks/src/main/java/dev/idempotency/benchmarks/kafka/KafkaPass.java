package dev.idempotency.benchmarks.kafka;

/**
 * One timed consumption of every message of the topic by a fresh consumer group.
 *
 * @param listener the listener that consumed
 * @param round the round, 0 being the warm-up
 * @param received how many messages the body received
 * @param messagesPerSecond the rate from the first to the last message
 * @param complete whether every message arrived within the time limit
 */
public record KafkaPass(ListenerKind listener, int round, int received, double messagesPerSecond, boolean complete) {

}
