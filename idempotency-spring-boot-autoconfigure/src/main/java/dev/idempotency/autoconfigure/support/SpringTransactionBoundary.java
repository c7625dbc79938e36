package dev.idempotency.autoconfigure.support;

import dev.idempotency.core.TransactionBoundary;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link TransactionBoundary} of Spring-managed transactions: defers through a
 * {@link TransactionSynchronization} whenever synchronization is active on the thread, as it is
 * inside {@code @Transactional} methods and listener containers with a transaction manager.
 */
public class SpringTransactionBoundary implements TransactionBoundary {

	@Override
	public boolean isActive() {
		return TransactionSynchronizationManager.isSynchronizationActive();
	}

	@Override
	public boolean defer(Runnable onCommit, Runnable onRollback) {
		if (!isActive()) {
			return false;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int status) {
				if (status == STATUS_COMMITTED) {
					onCommit.run();
				}
				else {
					onRollback.run();
				}
			}

		});
		return true;
	}

}
