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

/**
 * Auto-configuration of the {@code idempotency} actuator endpoint, available when the application
 * exposes it ({@code management.endpoints.web.exposure.include=idempotency}).
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean({ IdempotencyStore.class, RecordScopes.class, GatedListeners.class })
@ConditionalOnAvailableEndpoint(IdempotencyEndpoint.class)
public final class IdempotencyEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IdempotencyEndpoint idempotencyEndpoint(IdempotencyStore store, RecordScopes scopes, GatedListeners listeners) {
		return new IdempotencyEndpoint(store, scopes, listeners);
	}

}
