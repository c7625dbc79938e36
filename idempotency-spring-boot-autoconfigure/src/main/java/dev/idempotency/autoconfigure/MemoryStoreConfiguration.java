package dev.idempotency.autoconfigure;

import java.time.Clock;
import java.util.concurrent.ForkJoinPool;

import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-memory store, used when the application defines no store of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(IdempotencyStore.class)
@ConditionalOnStore(IdempotencyProperties.Store.MEMORY)
class MemoryStoreConfiguration {

	private static final Log logger = LogFactory.getLog(MemoryStoreConfiguration.class);

	@Bean
	InMemoryIdempotencyStore idempotencyStore(IdempotencyProperties properties, PropertiesConsumerPolicies validated) {
		if (properties.getStore() == IdempotencyProperties.Store.AUTO) {
			logger.warn("Idempotency records are kept in memory: they are lost on restart and not shared "
					+ "between instances, so copies of a message delivered to another instance or after a "
					+ "restart run again. Set idempotency.store=memory to keep this store without this warning.");
		}
		return new InMemoryIdempotencyStore(properties.getMemory().getMaxEntries(), Clock.systemUTC(),
				ForkJoinPool.commonPool());
	}

}
