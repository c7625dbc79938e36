package dev.idempotency.benchmarks.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The body of the benchmark listeners: runs the pass's body for a payment, counts the payments
 * and times them from the first to the last, so that the consumer's start-up (group join,
 * partition assignment) is not counted.
 */
public class Arrivals {

	private final int expected;

	private final Consumer<String> body;

	private final AtomicInteger received = new AtomicInteger();

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile long first;

	private volatile long last;

	/**
	 * Expect {@code expected} messages.
	 * @param expected how many messages make a pass
	 * @param body what the listener does with a payment id
	 */
	public Arrivals(int expected, Consumer<String> body) {
		this.expected = expected;
		this.body = body;
	}

	/**
	 * Handle and count one payment.
	 * @param payment the payment id
	 */
	public void handle(String payment) {
		this.body.accept(payment);
		long now = System.nanoTime();
		int count = this.received.incrementAndGet();
		if (count == 1) {
			this.first = now;
		}
		this.last = now;
		if (count == this.expected) {
			this.done.countDown();
		}
	}

	/**
	 * Wait until every expected message has arrived.
	 * @param timeout the longest wait
	 * @return {@code true} if they all arrived in time
	 * @throws InterruptedException if interrupted
	 */
	public boolean await(Duration timeout) throws InterruptedException {
		return this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Return how many messages arrived.
	 * @return the count
	 */
	public int received() {
		return this.received.get();
	}

	/**
	 * Return the rate from the first to the last message.
	 * @return messages per second, or 0 with fewer than two messages
	 */
	public double messagesPerSecond() {
		int count = this.received.get();
		long nanos = this.last - this.first;
		return (count < 2 || nanos <= 0) ? 0 : (count - 1) * 1e9 / nanos;
	}

}
