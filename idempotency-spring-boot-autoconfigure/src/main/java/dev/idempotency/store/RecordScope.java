package dev.idempotency.store;

/**
 * The identity of one idempotency record: the application group, the consumer within it, and
 * the message key. Keys longer than the configured maximum arrive here already hashed.
 *
 * @param group the group id ({@code idempotency.group-id} or the application name)
 * @param consumer the consumer name
 * @param key the message key
 */
public record RecordScope(String group, String consumer, String key) {

	@Override
	public String toString() {
		return this.group + ":" + this.consumer + ":" + this.key;
	}

}
