package dev.idempotency.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * The elements of one call through the gate and what became of each: its record scope (none
 * when it has no key, or runs without the gate), the token it is claimed with, whether the claim
 * was acquired, and its outcome, reported to the gate's listener once.
 */
final class RunElements {

	private final List<MessageKey> keys;

	private final @Nullable RecordScope[] scopes;

	private final @Nullable String[] tokens;

	private final boolean[] acquired;

	private final @Nullable Outcome[] outcomes;

	private final String consumer;

	private final IdempotencyListener listener;

	RunElements(List<MessageKey> keys, List<@Nullable RecordScope> scopes, String consumer,
			IdempotencyListener listener) {
		this.keys = keys;
		this.scopes = scopes.toArray(new RecordScope[0]);
		this.tokens = new String[keys.size()];
		this.acquired = new boolean[keys.size()];
		this.outcomes = new Outcome[keys.size()];
		this.consumer = consumer;
		this.listener = listener;
	}

	int size() {
		return this.keys.size();
	}

	boolean isBatch() {
		return this.keys.size() > 1;
	}

	MessageKey messageKey(int index) {
		return this.keys.get(index);
	}

	@Nullable RecordScope scopeOrNull(int index) {
		return this.scopes[index];
	}

	RecordScope scope(int index) {
		return Objects.requireNonNull(this.scopes[index]);
	}

	String key(int index) {
		return scope(index).key();
	}

	void token(int index, String token) {
		this.tokens[index] = token;
	}

	void acquired(int index) {
		this.acquired[index] = true;
	}

	/**
	 * Let every element run without the gate.
	 */
	void ungateAll() {
		Arrays.fill(this.scopes, null);
	}

	@Nullable Outcome outcome(int index) {
		return this.outcomes[index];
	}

	void settle(List<Integer> elements, @Nullable Outcome outcome) {
		elements.forEach((index) -> settle(index, outcome));
	}

	void settle(int index, @Nullable Outcome outcome) {
		this.outcomes[index] = outcome;
		if (outcome != null) {
			this.listener.onOutcome(this.consumer, outcome);
		}
	}

	/**
	 * Return the elements to run: acquired and not yet ended, or without the gate.
	 */
	List<Integer> fresh() {
		List<Integer> fresh = new ArrayList<>(size());
		for (int i = 0; i < size(); i++) {
			if (this.scopes[i] == null || (this.acquired[i] && this.outcomes[i] == null)) {
				fresh.add(i);
			}
		}
		return fresh;
	}

	/**
	 * Return the elements that were claimed, or tried to be, and have no outcome yet.
	 */
	List<Integer> claimed() {
		List<Integer> claimed = new ArrayList<>(size());
		for (int i = 0; i < size(); i++) {
			if (this.tokens[i] != null && this.outcomes[i] == null) {
				claimed.add(i);
			}
		}
		return claimed;
	}

	OwnedClaim claim(int index) {
		return new OwnedClaim(scope(index), Objects.requireNonNull(this.tokens[index]));
	}

	List<OwnedClaim> claims(List<Integer> elements) {
		if (elements.size() == 1) {
			return List.of(claim(elements.get(0)));
		}
		List<OwnedClaim> claims = new ArrayList<>(elements.size());
		for (int index : elements) {
			claims.add(claim(index));
		}
		return claims;
	}

	List<Integer> gated(List<Integer> elements) {
		List<Integer> gated = new ArrayList<>(elements.size());
		for (int index : elements) {
			if (this.scopes[index] != null) {
				gated.add(index);
			}
		}
		return gated;
	}

	String subject(List<Integer> elements) {
		return (elements.size() == 1) ? "message " + key(elements.get(0)) : elements.size() + " messages of a batch";
	}

}
