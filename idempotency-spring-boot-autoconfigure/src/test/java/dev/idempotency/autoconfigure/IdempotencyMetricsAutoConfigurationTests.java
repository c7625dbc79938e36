package dev.idempotency.autoconfigure;

import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.metrics.MicrometerIdempotencyListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotencyMetricsAutoConfiguration}.
 */
class IdempotencyMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IdempotencyAutoConfiguration.class, IdempotencyMetricsAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "idempotency.store=memory");

	@Test
	void withoutMeterRegistryNoListener() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MicrometerIdempotencyListener.class));
	}

	@Test
	void countsOutcomesAndTimesStoreRequests() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerIdempotencyListener.class);
			IdempotencyTemplate template = context.getBean(IdempotencyTemplate.class);
			template.run("payments", "p-1", () -> {
			});
			template.run("payments", "p-1", () -> {
			});
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("idempotency.messages")
				.tags("group", "orders", "consumer", "payments", "store", "memory", "outcome", "processed")
				.counter()
				.count()).isEqualTo(1);
			assertThat(meters.get("idempotency.messages")
				.tags("group", "orders", "consumer", "payments", "store", "memory", "outcome", "duplicate")
				.counter()
				.count()).isEqualTo(1);
			assertThat(meters.get("idempotency.messages").tags("consumer", "payments", "outcome", "failed")
				.counter()
				.count()).isZero();
			assertThat(meters.get("idempotency.store.requests")
				.tags("store", "memory", "operation", "claim", "outcome", "success")
				.timer()
				.count()).isEqualTo(2);
			assertThat(meters.get("idempotency.store.requests")
				.tags("store", "memory", "operation", "complete", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
		});
	}

}
