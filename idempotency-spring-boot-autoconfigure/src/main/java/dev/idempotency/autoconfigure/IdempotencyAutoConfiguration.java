package dev.idempotency.autoconfigure;

import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.autoconfigure.support.JsonResultCodec;
import dev.idempotency.core.PollScopes;
import dev.idempotency.core.ConsumerPolicies;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.core.StoredResults;
import dev.idempotency.core.TransactionBoundary;
import dev.idempotency.listener.IdempotentMethodScanner;
import dev.idempotency.listener.IdempotentMethods;
import dev.idempotency.listener.IdempotentPointcut;
import dev.idempotency.listener.ListenerAdapter;
import dev.idempotency.store.IdempotencyStore;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the idempotency gate: the store, the gate, {@link IdempotencyTemplate}
 * and the advisor around idempotent listener methods. Every bean backs off when the application
 * defines its own; {@code idempotency.enabled=false} removes them all.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
@Import({ RedisStoreConfiguration.class, JdbcStoreConfiguration.class, MemoryStoreConfiguration.class,
		MissingStoreConfiguration.class, RecordCleanupConfiguration.class, IdempotencyProxyConfiguration.class,
		TransactionBoundaryConfiguration.class })
public final class IdempotencyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PropertiesConsumerPolicies idempotencyConsumerPolicies(IdempotencyProperties properties, Environment environment) {
		return new PropertiesConsumerPolicies(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	RecordScopes idempotencyRecordScopes(PropertiesConsumerPolicies policies, IdempotencyProperties properties) {
		return new RecordScopes(policies.group(), properties.getMaxKeyLength());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LeaseHeartbeat idempotencyLeaseHeartbeat() {
		return new LeaseHeartbeat();
	}

	@Bean
	@ConditionalOnMissingBean
	StoredResults idempotencyStoredResults(IdempotencyProperties properties, ObjectProvider<JsonMapper> jsonMapper) {
		return new StoredResults(new JsonResultCodec(jsonMapper.getIfAvailable(JsonMapper::shared)),
				properties.getMaxResultSize());
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyGate idempotencyGate(IdempotencyStore store, RecordScopes scopes, LeaseHeartbeat heartbeat,
			StoredResults results, ObjectProvider<IdempotencyListener> listeners,
			ObjectProvider<TransactionBoundary> transactions, ObjectProvider<PollScopes> deferrals) {
		return IdempotencyGate.builder(store, scopes)
			.heartbeat(heartbeat)
			.results(results)
			.listener(IdempotencyListener.composite(listeners.orderedStream().toList()))
			.transactions(TransactionBoundary.composite(transactions.orderedStream().toList()))
			.deferral(PollScopes.composite(deferrals.orderedStream().toList()))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyTemplate idempotencyTemplate(IdempotencyGate gate, ConsumerPolicies policies) {
		return new IdempotencyTemplate(gate, policies);
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotentMethods idempotentMethods(ObjectProvider<ListenerAdapter> adapters, PropertiesConsumerPolicies policies,
			IdempotencyProperties properties, Environment environment) {
		return new IdempotentMethods(adapters.orderedStream().toList(), policies, properties.getConsumerName(),
				policies::keyHeader, environment);
	}

	@Bean
	IdempotentMethodScanner idempotentMethodScanner(ConfigurableListableBeanFactory beanFactory,
			IdempotentPointcut pointcut, IdempotentMethods methods, PropertiesConsumerPolicies policies) {
		return new IdempotentMethodScanner(beanFactory, pointcut, methods, policies::checkConsumers);
	}

}
