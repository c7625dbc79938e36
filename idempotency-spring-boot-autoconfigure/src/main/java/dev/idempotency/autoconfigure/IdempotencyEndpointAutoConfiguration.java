package dev.idempotency.autoconfigure;

import dev.idempotency.actuate.IdempotencyEndpoint;
import dev.idempotency.core.GatedListeners;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.store.IdempotencyStore;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code idempotency} actuator endpoint, available when the application
 * exposes it ({@code management.endpoints.web.exposure.include=idempotency}). The Actuator
 * condition sits on a nested class: on the auto-configuration itself its class would be loaded,
 * and fail, before {@code @ConditionalOnClass} could skip it in an application without Actuator.
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
public final class IdempotencyEndpointAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean({ IdempotencyStore.class, RecordScopes.class, GatedListeners.class })
	@ConditionalOnAvailableEndpoint(IdempotencyEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IdempotencyEndpoint idempotencyEndpoint(IdempotencyStore store, RecordScopes scopes,
				GatedListeners listeners) {
			return new IdempotencyEndpoint(store, scopes, listeners);
		}

	}

}
