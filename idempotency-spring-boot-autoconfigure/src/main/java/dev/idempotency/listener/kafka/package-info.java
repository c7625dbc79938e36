/**
 * Kafka integration of the gate: {@code @KafkaListener} methods and the record interceptor that
 * exposes the current record.
 */
@NullMarked
package dev.idempotency.listener.kafka;

import org.jspecify.annotations.NullMarked;
