package dev.idempotency.core;

import java.util.List;

import dev.idempotency.IdempotencyConflictException;
import dev.idempotency.IdempotencyInProgressException;
import dev.idempotency.IdempotencyKeyException;
import dev.idempotency.IdempotencyStoreException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the gate says, in logs and in its refusals, about the messages of one consumer: each
 * message written once, for a single message and for the elements of a batch alike.
 */
final class GateMessages {

	private static final Log logger = LogFactory.getLog(IdempotencyGate.class);

	private final ConsumerPolicy policy;

	private final GateStore store;

	GateMessages(ConsumerPolicy policy, GateStore store) {
		this.policy = policy;
		this.store = store;
	}

	IdempotencyKeyException missingKey(MessageKey key) {
		String consumer = this.policy.consumer();
		return new IdempotencyKeyException(consumer, "No idempotency key for a message of " + consumer + ": "
				+ key.describeAbsence() + ". Give every message a key, or set idempotency.on-missing-key=process to run "
				+ "keyless messages without the gate.", key.failure());
	}

	void processingWithoutKey(MessageKey key) {
		logger.warn("No idempotency key for a message of " + this.policy.consumer() + " (" + key.describeAbsence()
				+ "); processing it without the gate (idempotency.on-missing-key=process)");
	}

	void duplicate(String key) {
		if (logger.isDebugEnabled()) {
			logger.debug("Message " + key + " already processed by " + this.policy.consumer() + "; skipped");
		}
	}

	IdempotencyConflictException conflict(String key) {
		String message = "Message " + key + " of " + this.policy.consumer() + " has the key of a recorded message "
				+ "but different content (another fingerprint); it was not processed. Give distinct messages distinct "
				+ "keys, or delete the record through the idempotency endpoint to process it.";
		logger.warn(message);
		return new IdempotencyConflictException(this.policy.consumer(), key, message);
	}

	void skippedInProgress(String key) {
		logger.warn("Message " + key + " is in progress in another delivery of " + this.policy.consumer()
				+ "; skipped (idempotency.on-in-progress=skip)");
	}

	IdempotencyInProgressException stillInProgress(String key, boolean batch) {
		return new IdempotencyInProgressException(this.policy.consumer(), key, "Message " + key
				+ (batch ? " of a batch" : "") + " is still in progress in another delivery of "
				+ this.policy.consumer() + " after waiting for its lease of " + this.policy.lease() + "; the "
				+ (batch ? "batch" : "message") + " is handed back to be delivered again.");
	}

	/**
	 * Refuse a call whose claim failed in the store, or say that it runs without the gate.
	 * @return the refusal, or {@code null} when the store-error policy processes the call
	 */
	@Nullable IdempotencyStoreException claimFailed(String subject, boolean batch, RuntimeException cause) {
		String failure = "The idempotency store (" + this.store.description() + ") failed to claim " + subject + " for "
				+ this.policy.consumer() + ": " + StoreRequests.reason(cause);
		if (this.policy.onStoreError() == StoreErrorPolicy.PROCESS) {
			logger.warn(failure + "; processing it without the gate (idempotency.on-store-error=process)", cause);
			return null;
		}
		return new IdempotencyStoreException(this.policy.consumer(), failure + ". The " + (batch ? "batch" : "message")
				+ " was not processed and will be delivered again; set idempotency.on-store-error=process to run "
				+ "listeners without the gate while the store is unavailable.", cause);
	}

	void leaseLost(String key) {
		logger.warn("Message " + key + " was processed by " + this.policy.consumer() + " after its lease of "
				+ this.policy.lease() + " was lost; another delivery may run it again. Raise the lease of this "
				+ "consumer above the longest run of its listener.");
	}

	void completionFailed(String subject, List<Integer> elements, RuntimeException cause) {
		String them = pronoun(elements);
		logger.warn(Character.toUpperCase(subject.charAt(0)) + subject.substring(1) + ((elements.size() == 1) ? " was"
				: " were") + " processed by " + this.policy.consumer() + " but the idempotency store ("
				+ this.store.description() + ") failed to record " + them + " as completed: " + StoreRequests.reason(cause)
				+ ". A redelivery after the lease of " + this.policy.lease() + " may run " + them + " again.", cause);
	}

	void releaseFailed(String subject, List<Integer> elements, RuntimeException cause) {
		logger.warn("Failed to release the claim" + ((elements.size() == 1) ? "" : "s") + " of " + subject + " of "
				+ this.policy.consumer() + "; a redelivery to this instance runs " + pronoun(elements)
				+ " at once, one to another once the lease lapses: " + StoreRequests.reason(cause), cause);
	}

	static String pendingCompletionsFailed(int records, String store, RuntimeException cause) {
		return "The idempotency store (" + store + ") failed to record " + records + " processed "
				+ ((records == 1) ? "message" : "messages") + " as completed, so they are not acknowledged yet: "
				+ StoreRequests.reason(cause) + ". Their claims are kept alive and the completions are sent again "
				+ "before the next acknowledgement.";
	}

	private static String pronoun(List<Integer> elements) {
		return (elements.size() == 1) ? "it" : "them";
	}

}
