package dev.idempotency.autoconfigure;

import dev.idempotency.autoconfigure.support.SpringTransactionBoundary;
import dev.idempotency.core.TransactionBoundary;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Completes records after the Spring-managed transaction around a listener commits, when Spring's
 * transaction support is on the class path. Ordered first: a transaction with synchronization
 * is the innermost around the listener, such as a database transaction inside a Kafka one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(TransactionSynchronizationManager.class)
class TransactionBoundaryConfiguration {

	@Bean
	@Order(0)
	@ConditionalOnMissingBean(SpringTransactionBoundary.class)
	TransactionBoundary idempotencyTransactionBoundary() {
		return new SpringTransactionBoundary();
	}

}
