package dev.idempotency.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Completes records when the listener container that runs the call flushes its thread's
 * {@link PendingCompletions}, before it acknowledges the deliveries; the leases are kept alive
 * until then. A result to store, or a body that ended on another thread, is completed at once.
 */
final class DeferredCompletion extends ImmediateCompletion {

	private final PendingCompletions pending;

	DeferredCompletion(PendingCompletions pending) {
		this.pending = pending;
	}

	@Override
	public void finish(ClaimEnding ending, List<Integer> done, @Nullable String result) {
		if (result != null || !this.pending.isOwnerThread()) {
			ending.complete(done, result);
			return;
		}
		this.pending.add(ending, done);
	}

	@Override
	public void beforeWaiting() {
		this.pending.flush();
	}

}
