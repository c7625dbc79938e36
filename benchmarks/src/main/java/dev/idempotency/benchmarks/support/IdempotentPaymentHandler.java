package dev.idempotency.benchmarks.support;

import dev.idempotency.Idempotent;

/**
 * The same body as {@link PaymentHandler}, behind the gate: the starter proxies this bean and runs
 * {@link #handle} once per payment id.
 */
public class IdempotentPaymentHandler extends PaymentHandler {

	/** The consumer name of the gated method, which scopes its records. */
	public static final String CONSUMER = "bench-payments";

	@Override
	@Idempotent(key = "#payload.id", consumer = CONSUMER)
	public void handle(Payment payment) {
		super.handle(payment);
	}

}
