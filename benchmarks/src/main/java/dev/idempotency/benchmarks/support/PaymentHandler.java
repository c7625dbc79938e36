package dev.idempotency.benchmarks.support;

import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The listener body of every benchmark, without the gate: it counts the payments it handled. It
 * is never inlined, so that the bare call stays a real call.
 */
public class PaymentHandler {

	private long handled;

	/**
	 * Handle a payment.
	 * @param payment the payment
	 */
	@CompilerControl(CompilerControl.Mode.DONT_INLINE)
	public void handle(Payment payment) {
		this.handled += payment.id().length();
	}

	/**
	 * Return what was handled, so that the work cannot be optimised away.
	 * @return the sum of the id lengths
	 */
	public long handled() {
		return this.handled;
	}

}
