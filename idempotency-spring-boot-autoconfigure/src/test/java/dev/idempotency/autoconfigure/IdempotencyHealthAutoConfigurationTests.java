package dev.idempotency.autoconfigure;

import dev.idempotency.actuate.IdempotencyHealthIndicator;
import dev.idempotency.store.IdempotencyStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotencyHealthAutoConfiguration}.
 */
class IdempotencyHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IdempotencyAutoConfiguration.class, IdempotencyHealthAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "idempotency.store=memory");

	@Test
	void healthIndicatorIsPresentByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(IdempotencyHealthIndicator.class)
			.hasBean("idempotencyHealthIndicator"));
	}

	@Test
	void disabledHealthIndicatorIsAbsent() {
		this.contextRunner.withPropertyValues("management.health.idempotency.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(IdempotencyHealthIndicator.class));
	}

	@Test
	void healthIndicatorsDisabledByDefaultLeaveItAbsent() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(IdempotencyHealthIndicator.class));
	}

	@Test
	void disabledGateGivesNoHealthIndicator() {
		this.contextRunner.withPropertyValues("idempotency.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(IdempotencyStore.class)
				.doesNotHaveBean(IdempotencyHealthIndicator.class));
	}

	@Test
	void withoutTheGateNoHealthIndicator() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyHealthAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdempotencyHealthIndicator.class));
	}

	@Test
	void userHealthIndicatorOfTheSameNameWins() {
		HealthIndicator own = () -> Health.up().build();
		this.contextRunner.withBean("idempotencyHealthIndicator", HealthIndicator.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(IdempotencyHealthIndicator.class)
				.getBean("idempotencyHealthIndicator")
				.isSameAs(own));
	}

	@Test
	void withoutSpringBootHealthNoHealthIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IdempotencyStore.class)
				.doesNotHaveBean(IdempotencyHealthIndicator.class));
	}

}
