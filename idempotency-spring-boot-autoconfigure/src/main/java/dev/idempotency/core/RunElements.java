package dev.idempotency.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * The elements of one call through the gate and what became of each: its record scope (none
 * when it has no key, or runs without the gate), the claim it is claimed with, whether the claim
 * was acquired, and its outcome, reported to the gate's listener once. A call of one message
 * shares constant lists of positions instead of building its own.
 */
final class RunElements {

	private static final List<Integer> FIRST = List.of(0);

	private final List<MessageKey> keys;

	private final @Nullable RecordScope[] scopes;

	private final @Nullable OwnedClaim[] claims;

	private final boolean[] acquired;

	private final @Nullable Outcome[] outcomes;

	private final String consumer;

	private final IdempotencyListener listener;

	RunElements(List<MessageKey> keys, RecordScopes scopes, String consumer, IdempotencyListener listener) {
		this.keys = keys;
		this.scopes = new RecordScope[keys.size()];
		for (int i = 0; i < this.scopes.length; i++) {
			String key = keys.get(i).value();
			this.scopes[i] = keys.get(i).isPresent() ? scopes.scope(consumer, Objects.requireNonNull(key)) : null;
		}
		this.claims = new OwnedClaim[keys.size()];
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

	/**
	 * Set the token the element is claimed with.
	 */
	void token(int index, String token) {
		this.claims[index] = new OwnedClaim(scope(index), token);
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
		for (int i = 0; i < elements.size(); i++) {
			settle(elements.get(i), outcome);
		}
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
		return select((i) -> this.scopes[i] == null || (this.acquired[i] && this.outcomes[i] == null));
	}

	/**
	 * Return the elements that were claimed, or tried to be, and have no outcome yet.
	 */
	List<Integer> claimed() {
		return select((i) -> this.claims[i] != null && this.outcomes[i] == null);
	}

	/**
	 * Return the elements claimed that another delivery holds: not acquired and no outcome yet.
	 */
	List<Integer> heldElsewhere() {
		return select((i) -> this.claims[i] != null && !this.acquired[i] && this.outcomes[i] == null);
	}

	OwnedClaim claim(int index) {
		return Objects.requireNonNull(this.claims[index]);
	}

	List<OwnedClaim> claims(List<Integer> elements) {
		if (elements.size() == 1) {
			return List.of(claim(elements.get(0)));
		}
		List<OwnedClaim> claims = new ArrayList<>(elements.size());
		for (int i = 0; i < elements.size(); i++) {
			claims.add(claim(elements.get(i)));
		}
		return claims;
	}

	/**
	 * Return those of {@code elements} that run with the gate: {@code elements} itself when all do.
	 */
	List<Integer> gated(List<Integer> elements) {
		int gated = 0;
		for (int i = 0; i < elements.size(); i++) {
			gated += (this.scopes[elements.get(i)] != null) ? 1 : 0;
		}
		if (gated == elements.size()) {
			return elements;
		}
		List<Integer> selected = new ArrayList<>(gated);
		for (int i = 0; i < elements.size(); i++) {
			if (this.scopes[elements.get(i)] != null) {
				selected.add(elements.get(i));
			}
		}
		return selected;
	}

	String subject(List<Integer> elements) {
		return (elements.size() == 1) ? "message " + key(elements.get(0)) : elements.size() + " messages of a batch";
	}

	private List<Integer> select(IntPredicate selected) {
		if (size() == 1) {
			return selected.test(0) ? FIRST : List.of();
		}
		List<Integer> positions = new ArrayList<>(size());
		for (int i = 0; i < size(); i++) {
			if (selected.test(i)) {
				positions.add(i);
			}
		}
		return positions;
	}

}
