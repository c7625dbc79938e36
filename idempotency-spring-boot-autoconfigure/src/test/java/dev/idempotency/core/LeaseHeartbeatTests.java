package dev.idempotency.core;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.idempotency.store.RecordScope;
import dev.idempotency.test.Concurrently;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LeaseHeartbeat}.
 */
class LeaseHeartbeatTests {

	private static final RecordScope SCOPE = new RecordScope("orders", "payments", "p-1");

	@Test
	void extendsUntilClosed() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			AtomicInteger extensions = new AtomicInteger();
			LeaseHeartbeat.Beat beat = heartbeat.start(SCOPE, () -> extensions.incrementAndGet() > 0,
					Duration.ofMillis(90));
			await().atMost(Duration.ofSeconds(5)).until(() -> extensions.get() >= 3);
			beat.close();
			int afterClose = extensions.get();
			await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
				.until(() -> extensions.get() <= afterClose + 1);
		}
	}

	@Test
	void stopsWhenTheClaimIsLost() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			AtomicInteger extensions = new AtomicInteger();
			heartbeat.start(SCOPE, () -> extensions.incrementAndGet() < 2, Duration.ofMillis(30));
			await().atMost(Duration.ofSeconds(5)).until(() -> extensions.get() == 2);
			await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> extensions.get() == 2);
		}
	}

	@Test
	void keepsBeatingThroughStoreErrors() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat()) {
			AtomicInteger attempts = new AtomicInteger();
			LeaseHeartbeat.Beat beat = heartbeat.start(SCOPE, () -> {
				if (attempts.incrementAndGet() <= 2) {
					throw new IllegalStateException("store unreachable");
				}
				return true;
			}, Duration.ofMillis(30));
			await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 4);
			beat.close();
			assertThat(attempts.get()).isGreaterThanOrEqualTo(4);
		}
	}

	@Test
	void extendsALongLeaseOnTimeAndNotATickLate() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat(Duration.ofSeconds(1))) {
			AtomicLong firstExtension = new AtomicLong();
			long started = System.nanoTime();
			LeaseHeartbeat.Beat beat = heartbeat.start(SCOPE, () -> {
				firstExtension.compareAndSet(0, System.nanoTime());
				return true;
			}, Duration.ofSeconds(6));
			await().atMost(Duration.ofSeconds(5)).until(() -> firstExtension.get() != 0);
			// due 2 s after the start; the first tick comes about 1 s after it, so a beat that the
			// tick scheduled a whole period on would come at about 3 s
			assertThat(Duration.ofNanos(firstExtension.get() - started)).isBetween(Duration.ofMillis(1950),
					Duration.ofMillis(2900));
			beat.close();
			assertThat(heartbeat.beats()).isZero();
		}
	}

	@Test
	void leavesNothingScheduledOfBeatsClosedWhileTheTickArmsThem() throws Exception {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat(Duration.ofMillis(1))) {
			AtomicInteger extensions = new AtomicInteger();
			Concurrently.run(4, (thread) -> {
				for (int round = 0; round < 200; round++) {
					startAndClose(heartbeat, Duration.ofSeconds(30), extensions);
				}
			});
			// A beat left scheduled would stay until its first extension, 10 s on.
			await().atMost(Duration.ofSeconds(5)).until(() -> heartbeat.beats() == 0);
			assertThat(extensions).hasValue(0);
		}
	}

	@Test
	void neverExtendsABeatClosedWhileTheTickArmsIt() throws Exception {
		Duration lease = Duration.ofMillis(60);
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat(Duration.ofMillis(1))) {
			List<AtomicInteger> closedInTime = new CopyOnWriteArrayList<>();
			Concurrently.run(4, (thread) -> {
				for (int round = 0; round < 200; round++) {
					AtomicInteger extensions = new AtomicInteger();
					long started = System.nanoTime();
					startAndClose(heartbeat, lease, extensions);
					// Closed before the first extension of any could be due: none may ever come.
					if (System.nanoTime() - started < lease.toNanos() / 3) {
						closedInTime.add(extensions);
					}
				}
			});
			assertThat(closedInTime).hasSizeGreaterThan(400);
			await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1))
				.until(() -> closedInTime.stream().allMatch((extensions) -> extensions.get() == 0));
			await().atMost(Duration.ofSeconds(5)).until(() -> heartbeat.beats() == 0);
		}
	}

	@Test
	void forgetsAClosedBeatAtTheTickThoughALaterOneStaysOpen() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat(Duration.ofMillis(100))) {
			LeaseHeartbeat.Beat closed = heartbeat.start(SCOPE, () -> true, Duration.ofMinutes(1));
			WeakReference<LeaseHeartbeat.Beat> forgotten = new WeakReference<>(closed);
			LeaseHeartbeat.Beat open = heartbeat.start(SCOPE, () -> true, Duration.ofMinutes(1));
			closed.close();
			closed = null;
			await().atMost(Duration.ofSeconds(5)).until(() -> {
				System.gc();
				return forgotten.get() == null;
			});
			assertThat(heartbeat.beats()).isOne();
			open.close();
			assertThat(heartbeat.beats()).isZero();
		}
	}

	@Test
	void armsManyBeatsBeforeTheTick() {
		try (LeaseHeartbeat heartbeat = new LeaseHeartbeat(Duration.ofMinutes(1))) {
			for (int i = 0; i < 3 * LeaseHeartbeat.ARM_EVERY; i++) {
				heartbeat.start(SCOPE, () -> true, Duration.ofMinutes(10)).close();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> heartbeat.beats() < LeaseHeartbeat.ARM_EVERY);
		}
	}

	@Test
	void rejectsABeatOnceClosed() {
		LeaseHeartbeat heartbeat = new LeaseHeartbeat();
		heartbeat.close();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> heartbeat.start(SCOPE, () -> true, Duration.ofMinutes(1)));
	}

	/**
	 * Start a hundred beats, and close them at a random moment within 2 ms (two ticks of the
	 * heartbeats above).
	 */
	private static void startAndClose(LeaseHeartbeat heartbeat, Duration lease, AtomicInteger extensions) {
		List<LeaseHeartbeat.Beat> beats = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			beats.add(heartbeat.start(SCOPE, () -> extensions.incrementAndGet() > 0, lease));
		}
		LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(2)));
		for (LeaseHeartbeat.Beat beat : beats) {
			beat.close();
		}
	}

}
