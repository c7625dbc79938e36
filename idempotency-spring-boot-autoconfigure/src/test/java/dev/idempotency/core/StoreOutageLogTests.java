package dev.idempotency.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoreOutageLog}: one WARN when refusals start, one per interval while they
 * last with the count since, one INFO when the store answers again.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreOutageLogTests {

	@Test
	void startRepeatsAndEndOfAnOutageAreLoggedOnceEach(CapturedOutput output) throws InterruptedException {
		StoreOutageLog log = new StoreOutageLog("redis at 127.0.0.1:6399", Duration.ofMillis(200));
		log.answered();
		log.refused("payments", "Connection refused");
		log.refused("refunds", "Connection refused");
		Thread.sleep(250);
		log.refused("payments", "Connection refused");
		log.refused("payments", "Connection refused");
		log.answered();
		log.answered();
		List<String> lines = output.getOut().lines().filter((line) -> line.contains("idempotency store")).toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).contains("WARN")
			.contains("The idempotency store (redis at 127.0.0.1:6399) is not answering: Connection refused. "
					+ "Deliveries of [payments] are refused");
		assertThat(lines.get(1)).contains("WARN")
			.containsPattern("The idempotency store \\(redis at 127\\.0\\.0\\.1:6399\\) is still not answering: "
					+ "Connection refused; 2 deliveries of \\[payments, refunds\\] refused in the last \\d+ s "
					+ "\\(idempotency.on-store-error=reject\\)\\.");
		assertThat(lines.get(2)).contains("INFO")
			.containsPattern("answers again after \\d+ s; 4 deliveries refused meanwhile are delivered again\\.");
	}

}
