package dev.idempotency.benchmarks.kafka;

/**
 * The listeners a Kafka end-to-end pass can consume with.
 */
public enum ListenerKind {

	/** A record listener without the gate. */
	PLAIN_RECORD("plain record listener", PlainRecordListener.class, false),

	/** A record listener behind the gate: claims ahead and completions per poll. */
	GATED_RECORD("record listener with `@Idempotent`, Redis", IdempotentRecordListener.class, false),

	/** A record listener behind the gate, writing to the store per record. */
	GATED_RECORD_PER_RECORD("record listener with `@Idempotent`, Redis, `store-writes: per-record`",
			IdempotentRecordListener.class, false, "idempotency.store-writes=per-record"),

	/** A batch listener without the gate. */
	PLAIN_BATCH("plain batch listener", PlainBatchListener.class, false),

	/** A batch listener behind the gate. */
	GATED_BATCH("batch listener with `@Idempotent`, Redis", IdempotentBatchListener.class, false),

	/** A record listener without the gate whose body inserts a row, auto-committed. */
	PLAIN_RECORD_INSERT("plain record listener, body inserts a row", PlainRecordListener.class, true),

	/** The same behind the gate on Redis. */
	GATED_RECORD_INSERT("record listener with `@Idempotent`, Redis, body inserts a row",
			IdempotentRecordListener.class, true),

	/** A {@code @Transactional} record listener without the gate whose body inserts a row. */
	PLAIN_TRANSACTIONAL_INSERT("`@Transactional` record listener, body inserts a row",
			TransactionalRecordListener.class, true),

	/**
	 * The same without the gate, deduplicating by hand: the payment's key inserted into a table
	 * shaped like the JDBC store's, unless present, in the listener's transaction before the body.
	 */
	HAND_DEDUPED_TRANSACTIONAL_INSERT(
			"`@Transactional` record listener deduplicating by hand (key inserted unless present, in the transaction), body inserts a row",
			HandDedupedTransactionalRecordListener.class, true),

	/**
	 * The same behind the gate on the JDBC store, whose record is written in the listener's
	 * transaction.
	 */
	GATED_TRANSACTIONAL_INSERT(
			"`@Transactional` record listener with `@Idempotent`, JDBC store in the same transaction, body inserts a row",
			IdempotentTransactionalRecordListener.class, true, "idempotency.store=jdbc",
			"idempotency.jdbc.table-name=bench_kafka_record", "idempotency.jdbc.initialize-schema=always");

	private final String label;

	private final Class<?> listenerClass;

	private final boolean insertsRows;

	private final String[] properties;

	ListenerKind(String label, Class<?> listenerClass, boolean insertsRows, String... properties) {
		this.label = label;
		this.listenerClass = listenerClass;
		this.insertsRows = insertsRows;
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
	 * Whether the body inserts one PostgreSQL row per payment, besides counting it.
	 * @return {@code true} for the listeners with a database body
	 */
	public boolean insertsRows() {
		return this.insertsRows;
	}

	/**
	 * Return how many messages of its topic a pass of this listener reads: all of them, except
	 * the listener that writes to the store per record, which waits on two round trips per
	 * message and reads a quarter of the topic, still enough polls for a steady rate.
	 * @param topicMessages the messages in the topic it reads
	 * @return the messages of a pass
	 */
	int messages(int topicMessages) {
		return (this == GATED_RECORD_PER_RECORD) ? topicMessages / 4 : topicMessages;
	}

	/**
	 * Whether the listener deduplicates, behind the gate or by hand.
	 * @return {@code true} for the listeners that deduplicate
	 */
	public boolean deduplicates() {
		return baseline() != this;
	}

	/**
	 * Return the same listener without deduplication, against which this one is compared.
	 * @return the listener without deduplication, this one if it has none
	 */
	public ListenerKind baseline() {
		return switch (this) {
			case PLAIN_RECORD, GATED_RECORD, GATED_RECORD_PER_RECORD -> PLAIN_RECORD;
			case PLAIN_BATCH, GATED_BATCH -> PLAIN_BATCH;
			case PLAIN_RECORD_INSERT, GATED_RECORD_INSERT -> PLAIN_RECORD_INSERT;
			case PLAIN_TRANSACTIONAL_INSERT, HAND_DEDUPED_TRANSACTIONAL_INSERT, GATED_TRANSACTIONAL_INSERT ->
					PLAIN_TRANSACTIONAL_INSERT;
		};
	}

}
