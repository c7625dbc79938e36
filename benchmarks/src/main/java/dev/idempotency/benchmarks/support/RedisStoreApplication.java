package dev.idempotency.benchmarks.support;

import java.time.Duration;
import java.util.UUID;

import dev.idempotency.core.RecordScopes;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The store the starter auto-configures on Redis, for the benchmarks that call it without the
 * gate, and the scopes of the benchmark consumer's records.
 */
@State(Scope.Benchmark)
public class RedisStoreApplication {

	/** The lease of every claim. */
	public static final Duration LEASE = Duration.ofMinutes(5);

	/**
	 * The time to live of every completed record of every benchmark: longer than a whole run, so
	 * that no record expires while later benchmarks use Redis (its expiry of millions of records
	 * would slow them); the cost of a write does not depend on its time to live.
	 */
	public static final Duration TTL = Duration.ofMinutes(30);

	/** The owner token of the benchmark's claims, as a gate's instance token would be. */
	public static final String TOKEN = UUID.randomUUID().toString().replace("-", "");

	private ConfigurableApplicationContext context;

	private IdempotencyStore store;

	private RecordScopes scopes;

	/**
	 * Start the application on the Redis store.
	 */
	@Setup
	public void start() {
		this.context = GateApplication.start("redis");
		this.store = this.context.getBean(IdempotencyStore.class);
		this.scopes = this.context.getBean(RecordScopes.class);
	}

	/**
	 * Stop the application.
	 */
	@TearDown
	public void stop() {
		this.context.close();
	}

	/**
	 * Return the store.
	 * @return the Redis store
	 */
	public IdempotencyStore store() {
		return this.store;
	}

	/**
	 * Return the scope of a key of the benchmark consumer.
	 * @param key the message key
	 * @return its record scope
	 */
	public RecordScope scope(String key) {
		return this.scopes.scope(IdempotentPaymentHandler.CONSUMER, key);
	}

}
