package dev.idempotency.fault;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.IdempotencyStoreException;
import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A store outage is visible in the log while deliveries are refused for it: the test's own
 * {@code redis-server} is stopped ({@code SIGSTOP}) and started again. One WARN names the
 * store's address, the listener and the policy when the first delivery is refused, later
 * refusals within 30 s log nothing more, and an INFO says when the store answers again.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = RedisOutageLogTests.Config.class,
		properties = { "spring.application.name=redis-outage-log-tests", "idempotency.store=redis",
				"idempotency.group-id=outage-log-${random.uuid}", "spring.data.redis.timeout=200ms",
				"spring.main.banner-mode=off" })
@DirtiesContext
class RedisOutageLogTests {

	private static final RedisServerProcess redis = RedisServerProcess.start();

	@Autowired
	IdempotencyTemplate idempotency;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void outageIsLoggedOnceWhenItStartsAndOnceWhenItEnds(CapturedOutput output) {
		AtomicInteger runs = new AtomicInteger();
		assertThat(this.idempotency.run("shipments", "before", runs::incrementAndGet)).isTrue();
		redis.freeze();
		try {
			for (int i = 0; i < 3; i++) {
				String key = "during-" + i;
				assertThatExceptionOfType(IdempotencyStoreException.class)
					.isThrownBy(() -> this.idempotency.run("shipments", key, runs::incrementAndGet));
			}
		}
		finally {
			redis.thaw();
		}
		assertThat(this.idempotency.run("shipments", "after", runs::incrementAndGet)).isTrue();
		assertThat(runs).hasValue(2);
		String[] lines = output.getOut().lines().filter((line) -> line.contains("idempotency store")).toArray(String[]::new);
		assertThat(lines).as(Arrays.toString(lines)).hasSize(2);
		assertThat(lines[0]).contains(" WARN ")
			.contains("The idempotency store (redis at 127.0.0.1:" + redis.port() + ") is not answering: ")
			.contains("Deliveries of [shipments] are refused and handed back to the broker to be delivered again "
					+ "(idempotency.on-store-error=reject): nothing is lost, and nothing runs until the store answers.");
		assertThat(lines[1]).contains(" INFO ")
			.containsPattern("The idempotency store \\(redis at 127\\.0\\.0\\.1:" + redis.port()
					+ "\\) answers again after \\d+ s; 3 deliveries refused meanwhile are delivered again\\.");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
