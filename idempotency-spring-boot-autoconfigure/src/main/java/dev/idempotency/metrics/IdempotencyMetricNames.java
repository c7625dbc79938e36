package dev.idempotency.metrics;

/**
 * Names and tags of the meters the gate publishes.
 */
public final class IdempotencyMetricNames {

	/** Counter of deliveries by outcome. */
	public static final String MESSAGES = "idempotency.messages";

	/** Timer of store requests. */
	public static final String STORE_REQUESTS = "idempotency.store.requests";

	/** Tag: the group id. */
	public static final String TAG_GROUP = "group";

	/** Tag: the consumer name. */
	public static final String TAG_CONSUMER = "consumer";

	/** Tag: the store type. */
	public static final String TAG_STORE = "store";

	/** Tag: the delivery outcome or the store request outcome. */
	public static final String TAG_OUTCOME = "outcome";

	/** Tag: the store operation. */
	public static final String TAG_OPERATION = "operation";

	private IdempotencyMetricNames() {
	}

}
