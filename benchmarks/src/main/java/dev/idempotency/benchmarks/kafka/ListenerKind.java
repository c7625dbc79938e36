package dev.idempotency.benchmarks.kafka;

/**
 * The listeners a Kafka end-to-end pass can consume with.
 */
public enum ListenerKind {

	/** A record listener without the gate. */
	PLAIN_RECORD("plain record listener", PlainRecordListener.class),

	/** A record listener behind the gate: claims ahead and completions per poll. */
	GATED_RECORD("record listener with `@Idempotent`, Redis", IdempotentRecordListener.class),

	/** A record listener behind the gate, writing to the store per record. */
	GATED_RECORD_PER_RECORD("record listener with `@Idempotent`, Redis, `store-writes: per-record`",
			IdempotentRecordListener.class, "idempotency.store-writes=per-record"),

	/** A batch listener without the gate. */
	PLAIN_BATCH("plain batch listener", PlainBatchListener.class),

	/** A batch listener behind the gate. */
	GATED_BATCH("batch listener with `@Idempotent`, Redis", IdempotentBatchListener.class);

	private final String label;

	private final Class<?> listenerClass;

	private final String[] properties;

	ListenerKind(String label, Class<?> listenerClass, String... properties) {
		this.label = label;
		this.listenerClass = listenerClass;
		this.properties = properties;
	}

	/**
	 * Return how the report names the listener.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	Class<?> listenerClass() {
		return this.listenerClass;
	}

	String[] properties() {
		return this.properties.clone();
	}

	/**
	 * Whether the listener is behind the gate.
	 * @return {@code true} for the gated listeners
	 */
	public boolean gated() {
		return this != PLAIN_RECORD && this != PLAIN_BATCH;
	}

}
