package dev.idempotency.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Lets a listener container defer the completions of its deliveries to its next acknowledgement:
 * a container that flushes the {@link PollScope} of its thread before it commits or
 * acknowledges any of the thread's deliveries gives them here, and the gate then leaves a
 * delivery's record in progress, its lease kept alive, until that flush. A message is still
 * acknowledged only after its record is completed, and the store sees one completion request
 * per acknowledgement instead of one per message.
 */
@FunctionalInterface
public interface PollScopes {

	/** No container defers: every record is completed before its call returns. */
	PollScopes NONE = () -> null;

	/**
	 * Return the pending completions of the calling thread, if its container flushes them before
	 * it acknowledges the deliveries the thread runs.
	 * @return the pending completions, or {@code null} where completions cannot wait
	 */
	@Nullable PollScope current();

	/**
	 * Return a deferral over the listener containers of several brokers: the pending completions
	 * of the first that has some for the calling thread.
	 * @param deferrals the deferrals
	 * @return the composite deferral
	 */
	static PollScopes composite(List<? extends PollScopes> deferrals) {
		List<PollScopes> all = List.copyOf(deferrals);
		if (all.size() <= 1) {
			return all.isEmpty() ? NONE : all.get(0);
		}
		return () -> {
			for (PollScopes deferral : all) {
				PollScope pending = deferral.current();
				if (pending != null) {
					return pending;
				}
			}
			return null;
		};
	}

}
