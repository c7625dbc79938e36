package dev.idempotency.autoconfigure;

import java.time.Duration;

import dev.idempotency.actuate.IdempotencyHealthIndicator;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.store.IdempotencyStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code idempotency} health indicator
 * ({@code management.health.idempotency.enabled}). The health condition sits on a nested class:
 * on the auto-configuration itself its class would be loaded, and fail, before
 * {@code @ConditionalOnClass} could skip it in an application without Spring Boot Health.
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
public final class IdempotencyHealthAutoConfiguration {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean({ IdempotencyStore.class, RecordScopes.class })
	@ConditionalOnEnabledHealthIndicator("idempotency")
	static class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "idempotencyHealthIndicator")
		IdempotencyHealthIndicator idempotencyHealthIndicator(IdempotencyStore store, RecordScopes scopes) {
			return new IdempotencyHealthIndicator(store, scopes, TIMEOUT);
		}

	}

}
