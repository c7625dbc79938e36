package dev.idempotency.core;

import java.util.function.Supplier;

/**
 * A store failure while a call claims its records, carried past the policy decisions of the
 * claim phase (conflicts, copies in progress) to the store-error policy.
 */
final class ClaimFailure extends RuntimeException {

	private ClaimFailure(RuntimeException cause) {
		super(cause);
	}

	/**
	 * Run a claim request, turning its failure into a {@code ClaimFailure}.
	 */
	static <T> T around(Supplier<T> claim) {
		try {
			return claim.get();
		}
		catch (RuntimeException ex) {
			throw new ClaimFailure(ex);
		}
	}

	@Override
	public synchronized RuntimeException getCause() {
		return (RuntimeException) super.getCause();
	}

}
