package dev.idempotency.autoconfigure;

import java.util.Locale;

import dev.idempotency.store.IdempotencyStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stops the start with a clear message when {@code idempotency.store} names a store whose
 * infrastructure the application lacks, instead of failing later for want of a store bean.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(IdempotencyStore.class)
class MissingStoreConfiguration {

	@Bean
	IdempotencyStore idempotencyStore(IdempotencyProperties properties) {
		throw new InvalidConfigurationPropertyValueException("idempotency.store",
				properties.getStore().name().toLowerCase(Locale.ROOT), switch (properties.getStore()) {
					case REDIS -> "The Redis store needs a RedisConnectionFactory bean: add "
							+ "spring-boot-starter-data-redis and configure spring.data.redis.*, or choose another store.";
					case JDBC -> "The JDBC store needs a DataSource bean: add spring-boot-starter-jdbc and a JDBC "
							+ "driver, configure spring.datasource.*, or choose another store.";
					default -> "No idempotency store is available for it.";
				});
	}

}
