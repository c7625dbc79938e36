package dev.idempotency.autoconfigure;

import dev.idempotency.core.SpringTransactionBoundary;
import dev.idempotency.core.TransactionBoundary;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Completes records after the Spring-managed transaction around a listener commits, when Spring's
 * transaction support is on the class path.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(TransactionSynchronizationManager.class)
class TransactionBoundaryConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TransactionBoundary idempotencyTransactionBoundary() {
		return new SpringTransactionBoundary();
	}

}
