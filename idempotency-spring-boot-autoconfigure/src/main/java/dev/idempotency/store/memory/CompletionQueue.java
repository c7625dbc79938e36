package dev.idempotency.store.memory;

import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

/**
 * The completed records of an {@link InMemoryIdempotencyStore}, named in completion order, oldest
 * first, with their count. A name goes stale when the store's map holds another entry, or none,
 * for its scope: the record expired, was evicted, claimed again or deleted. Any thread adds
 * names; one thread at a time removes them.
 *
 * @param <E> the type of the store's entries, compared by identity
 */
final class CompletionQueue<E> {

	private final Queue<Name<E>> names = new ConcurrentLinkedQueue<>();

	/** The number of names, kept apart because the queue counts its own by walking it. */
	private final AtomicInteger size = new AtomicInteger();

	/**
	 * Name a record just completed.
	 * @return the number of names now
	 */
	int add(RecordScope scope, E entry) {
		this.names.add(new Name<>(scope, entry));
		return this.size.incrementAndGet();
	}

	int size() {
		return this.size.get();
	}

	/**
	 * Count the names by walking the queue, for tests.
	 */
	int walkedSize() {
		return this.names.size();
	}

	/**
	 * Remove the names that no longer name the entry {@code records} holds for their scope.
	 */
	void dropStale(Map<RecordScope, E> records) {
		for (Iterator<Name<E>> iterator = this.names.iterator(); iterator.hasNext();) {
			Name<E> name = iterator.next();
			if (records.get(name.scope()) != name.entry()) {
				iterator.remove();
				this.size.decrementAndGet();
			}
		}
	}

	/**
	 * Remove the oldest name.
	 * @return the name, or {@code null} if there is none
	 */
	@Nullable Name<E> poll() {
		Name<E> oldest = this.names.poll();
		if (oldest != null) {
			this.size.decrementAndGet();
		}
		return oldest;
	}

	/**
	 * The name of a completed record: its scope and the very entry it had when it completed.
	 */
	record Name<E>(RecordScope scope, E entry) {

	}

}
