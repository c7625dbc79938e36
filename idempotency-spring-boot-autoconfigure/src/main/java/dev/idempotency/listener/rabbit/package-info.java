/**
 * RabbitMQ integration of the gate: {@code @RabbitListener} methods, the container advice that
 * exposes the current delivery, and the translation of the gate's refusals into rejections and
 * requeues.
 */
@NullMarked
package dev.idempotency.listener.rabbit;

import org.jspecify.annotations.NullMarked;
