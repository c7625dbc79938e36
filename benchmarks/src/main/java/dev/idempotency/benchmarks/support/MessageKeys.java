package dev.idempotency.benchmarks.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Fresh message keys for one benchmark thread: every key is new, so every measured message is a
 * first delivery (claim, run, complete), never a duplicate. Keys are unique across threads and
 * across runs against the same servers.
 */
@State(Scope.Thread)
public class MessageKeys {

	/** Tells the runs apart, so that records a previous run left behind are never hit. */
	public static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);

	private static final AtomicInteger threads = new AtomicInteger();

	private final String prefix = "m-" + RUN + "-" + threads.incrementAndGet() + "-";

	private long next;

	/**
	 * Return a new key.
	 * @return the key
	 */
	public String next() {
		return this.prefix + this.next++;
	}

	/**
	 * Return {@code count} new keys.
	 * @param count how many
	 * @return the keys
	 */
	public List<String> next(int count) {
		List<String> keys = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			keys.add(next());
		}
		return keys;
	}

}
