package dev.idempotency.core;

/**
 * When a listener's deliveries write to the store.
 */
public enum StoreWrites {

	/**
	 * Completions wait for the container's next acknowledgement and are sent together, before it:
	 * one completion request per poll (Kafka) instead of one per message. Only where the
	 * container flushes them (see {@link PollScopes}); elsewhere as {@link #PER_RECORD}.
	 */
	PER_POLL,

	/**
	 * Each delivery completes its record before its call returns.
	 */
	PER_RECORD

}
