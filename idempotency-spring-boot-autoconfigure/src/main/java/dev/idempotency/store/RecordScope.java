package dev.idempotency.store;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The identity of one idempotency record: the application group, the consumer within it, and
 * the message key. Keys longer than the configured maximum arrive here already hashed.
 *
 * @param group the group id ({@code idempotency.group-id} or the application name)
 * @param consumer the consumer name
 * @param key the message key
 */
public record RecordScope(String group, String consumer, String key) {

	/**
	 * Create a scope.
	 * @param group the group id
	 * @param consumer the consumer name
	 * @param key the message key
	 */
	public RecordScope {
		Objects.requireNonNull(group, "group must not be null");
		Objects.requireNonNull(consumer, "consumer must not be null");
		Objects.requireNonNull(key, "key must not be null");
	}

	// Spelled out: the record's generated equals and hashCode go through method handles, which
	// cost measurably more on the gate's path, where every store request hashes a scope.

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof RecordScope that && this.key.equals(that.key)
				&& this.consumer.equals(that.consumer) && this.group.equals(that.group));
	}

	@Override
	public int hashCode() {
		return (31 * this.group.hashCode() + this.consumer.hashCode()) * 31 + this.key.hashCode();
	}

	@Override
	public String toString() {
		return this.group + ":" + this.consumer + ":" + this.key;
	}

}
