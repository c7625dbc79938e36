package dev.idempotency.test;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how often a listener body ran, per key: the side effect that must happen once.
 */
public final class Runs {

	private final Map<String, AtomicInteger> byKey = new ConcurrentHashMap<>();

	/**
	 * Count a run of {@code key}.
	 * @param key the key
	 * @return the runs of the key so far, this one included
	 */
	public int record(String key) {
		return this.byKey.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	/**
	 * Return the runs so far, by key.
	 * @return a sorted snapshot
	 */
	public Map<String, Integer> byKey() {
		Map<String, Integer> snapshot = new TreeMap<>();
		this.byKey.forEach((key, runs) -> snapshot.put(key, runs.get()));
		return snapshot;
	}

	public int total() {
		return this.byKey.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	/**
	 * The expected {@link #byKey()} when every key ran {@code times} times.
	 * @param keys the keys
	 * @param times the runs of each
	 * @return the expected runs by key
	 */
	public static Map<String, Integer> each(Collection<String> keys, int times) {
		Map<String, Integer> expected = new TreeMap<>();
		keys.forEach((key) -> expected.put(key, times));
		return expected;
	}

}
