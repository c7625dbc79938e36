package dev.idempotency.sample;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Stands in for the side effect that must happen once per message: charging a card.
 */
@Component
public class Ledger {

	private final AtomicInteger entries = new AtomicInteger();

	public void book(String what) {
		this.entries.incrementAndGet();
	}

	public int entries() {
		return this.entries.get();
	}

}
