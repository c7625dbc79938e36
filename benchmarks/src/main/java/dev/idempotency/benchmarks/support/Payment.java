package dev.idempotency.benchmarks.support;

/**
 * The message every benchmark handles.
 *
 * @param id the payment id, which is the idempotency key
 */
public record Payment(String id) {

}
