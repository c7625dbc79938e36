package dev.idempotency.autoconfigure;

import dev.idempotency.actuate.IdempotencyEndpoint;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.listener.IdempotentMethods;
import dev.idempotency.store.IdempotencyStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.ConfigurableConversionService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotencyEndpointAutoConfiguration}.
 */
class IdempotencyEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IdempotencyAutoConfiguration.class, IdempotencyEndpointAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "idempotency.store=memory")
		.withInitializer((context) -> context.getEnvironment()
			.setConversionService((ConfigurableConversionService) ApplicationConversionService.getSharedInstance()));

	@Test
	void exposedEndpointIsPresent() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=idempotency")
			.run((context) -> assertThat(context).hasSingleBean(IdempotencyEndpoint.class));
	}

	@Test
	void endpointThatIsNotExposedIsAbsent() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(IdempotencyEndpoint.class));
	}

	@Test
	void endpointWithoutAccessIsAbsent() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=idempotency",
					"management.endpoint.idempotency.access=none")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(IdempotencyEndpoint.class));
	}

	@Test
	void endpointsWithoutAccessByDefaultLeaveItAbsent() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=idempotency",
					"management.endpoints.access.default=none")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(IdempotencyEndpoint.class));
	}

	@Test
	void disabledGateGivesNoEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=idempotency", "idempotency.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(IdempotencyStore.class)
				.doesNotHaveBean(IdempotencyEndpoint.class));
	}

	@Test
	void withoutTheGateNoEndpoint() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=idempotency")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdempotencyEndpoint.class));
	}

	@Test
	void userEndpointWins() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=idempotency")
			.withUserConfiguration(CustomEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(IdempotencyEndpoint.class)
				.hasBean("customEndpoint")
				.doesNotHaveBean("idempotencyEndpoint"));
	}

	@Test
	void withoutActuatorNoEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=idempotency")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IdempotencyStore.class)
				.doesNotHaveBean(IdempotencyEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointConfiguration {

		@Bean
		IdempotencyEndpoint customEndpoint(IdempotencyStore store, RecordScopes scopes, IdempotentMethods methods) {
			return new IdempotencyEndpoint(store, scopes, methods);
		}

	}

}
