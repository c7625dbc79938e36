package dev.idempotency.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.idempotency.core.GatedListener;
import dev.idempotency.core.GatedListeners;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code idempotency} actuator endpoint: lists the gated listeners, reads one record (never
 * its stored result, which may hold personal data) and deletes one so that the next delivery of
 * its message runs again.
 */
@Endpoint(id = "idempotency")
public class IdempotencyEndpoint {

	private final IdempotencyStore store;

	private final RecordScopes scopes;

	private final GatedListeners listeners;

	/**
	 * Create the endpoint.
	 * @param store the store of records
	 * @param scopes builds record scopes for the application's group
	 * @param listeners the gated listeners
	 */
	public IdempotencyEndpoint(IdempotencyStore store, RecordScopes scopes, GatedListeners listeners) {
		this.store = store;
		this.scopes = scopes;
		this.listeners = listeners;
	}

	/**
	 * Describe the gate and every gated listener.
	 * @return the description
	 */
	@ReadOperation
	public GateDescriptor listeners() {
		return new GateDescriptor(this.scopes.group(), this.store.type(), this.listeners.listeners());
	}

	/**
	 * Read the record of one message.
	 * @param consumer the consumer name
	 * @param key the message key
	 * @return the record, or {@code null} (404) if there is none
	 */
	@ReadOperation
	public @Nullable RecordDescriptor record(@Selector String consumer, @Selector String key) {
		return this.store.find(this.scopes.scope(consumer, key)).map(RecordDescriptor::of).orElse(null);
	}

	/**
	 * Delete the record of one message, so that its next delivery runs the listener again.
	 * @param consumer the consumer name
	 * @param key the message key
	 * @return whether a record was deleted
	 */
	@DeleteOperation
	public Map<String, Boolean> delete(@Selector String consumer, @Selector String key) {
		return Map.of("deleted", this.store.delete(this.scopes.scope(consumer, key)));
	}

	/**
	 * The gate and its listeners.
	 *
	 * @param group the group id
	 * @param store the store type
	 * @param listeners the gated listeners
	 */
	public record GateDescriptor(String group, String store, List<GatedListener> listeners) {

	}

	/**
	 * One record, without its result.
	 *
	 * @param group the group id
	 * @param consumer the consumer name
	 * @param key the stored key
	 * @param status its state
	 * @param expiresAt when its lease or time to live ends
	 * @param resultStored whether a result is stored
	 * @param resultSize the size of the stored result in bytes, 0 if none
	 */
	public record RecordDescriptor(String group, String consumer, String key, RecordStatus status, Instant expiresAt,
			boolean resultStored, int resultSize) {

		static RecordDescriptor of(IdempotencyRecord record) {
			RecordScope scope = record.scope();
			String result = record.result();
			return new RecordDescriptor(scope.group(), scope.consumer(), scope.key(), record.status(),
					record.expiresAt(), result != null,
					(result != null) ? result.getBytes(StandardCharsets.UTF_8).length : 0);
		}

	}

}
