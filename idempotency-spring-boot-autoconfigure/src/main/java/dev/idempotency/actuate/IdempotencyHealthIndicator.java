package dev.idempotency.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.idempotency.core.RecordScopes;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the idempotency store: UP when it answers a read within a short timeout, DOWN with the
 * reason otherwise. A DOWN store means deliveries are rejected and redelivered (fail closed), or
 * processed without the gate if {@code idempotency.on-store-error=process}.
 */
public class IdempotencyHealthIndicator extends AbstractHealthIndicator {

	private final IdempotencyStore store;

	private final RecordScope probe;

	private final Duration timeout;

	/**
	 * Create the indicator.
	 * @param store the store to check
	 * @param scopes the application's record scopes
	 * @param timeout how long the store may take to answer
	 */
	public IdempotencyHealthIndicator(IdempotencyStore store, RecordScopes scopes, Duration timeout) {
		super("Idempotency store health check failed");
		this.store = store;
		this.probe = scopes.scope("health", "probe");
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		builder.withDetail("store", this.store.description());
		try {
			CompletableFuture.supplyAsync(() -> this.store.find(this.probe))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			builder.up();
		}
		catch (TimeoutException ex) {
			builder.down().withDetail("error", "no answer within " + this.timeout);
		}
		catch (ExecutionException ex) {
			builder.down(ex.getCause());
		}
	}

}
