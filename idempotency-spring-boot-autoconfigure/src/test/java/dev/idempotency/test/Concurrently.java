package dev.idempotency.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs work on several threads that start together, for races against a store.
 */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Run {@code work} on {@code threads} threads that start together, and wait for all of them.
	 * @param threads how many threads
	 * @param work the work of one thread, given its number from 0
	 * @throws Exception if a thread failed or did not end within two minutes
	 */
	public static void run(int threads, IntConsumer work) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int thread = 0; thread < threads; thread++) {
				int number = thread;
				runs.add(executor.submit(() -> {
					start.await();
					work.accept(number);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> run : runs) {
				run.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
