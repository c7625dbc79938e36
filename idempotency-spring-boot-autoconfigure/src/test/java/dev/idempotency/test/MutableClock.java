package dev.idempotency.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told to, for the in-memory store's expiry.
 */
public final class MutableClock extends Clock {

	private volatile Instant instant;

	/**
	 * Create a clock standing at {@code instant}.
	 * @param instant the time it shows
	 */
	public MutableClock(Instant instant) {
		this.instant = instant;
	}

	/**
	 * Move the clock forward; threads that advance it together each move it by their duration.
	 * @param duration how far
	 */
	public synchronized void advance(Duration duration) {
		this.instant = this.instant.plus(duration);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.instant;
	}

}
