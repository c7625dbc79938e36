package dev.idempotency.autoconfigure;

import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.RecordCleanup;
import dev.idempotency.store.IdempotencyStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deletes expired records on a schedule, for stores that keep them (the JDBC store; see
 * {@link IdempotencyStore#expiredRecordDeletion()}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(IdempotencyStore.class)
@ConditionalOnBooleanProperty(name = "idempotency.jdbc.cleanup.enabled", matchIfMissing = true)
class RecordCleanupConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RecordCleanup idempotencyRecordCleanup(IdempotencyStore store, IdempotencyProperties properties,
			ObjectProvider<IdempotencyListener> listeners) {
		IdempotencyProperties.Jdbc.Cleanup cleanup = properties.getJdbc().getCleanup();
		return new RecordCleanup(store, cleanup.getInterval(), cleanup.getBatchSize(),
				IdempotencyListener.composite(listeners.orderedStream().toList()));
	}

}
