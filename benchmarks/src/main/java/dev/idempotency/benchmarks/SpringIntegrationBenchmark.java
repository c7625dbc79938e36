package dev.idempotency.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.benchmarks.support.Connections;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.Payment;
import dev.idempotency.benchmarks.support.PaymentHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.handler.advice.IdempotentReceiverInterceptor;
import org.springframework.integration.jdbc.metadata.JdbcMetadataStore;
import org.springframework.integration.metadata.ConcurrentMetadataStore;
import org.springframework.integration.redis.metadata.RedisMetadataStore;
import org.springframework.integration.selector.MetadataStoreSelector;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageHandler;

/**
 * Peer: Spring Integration's {@link IdempotentReceiverInterceptor} with a
 * {@link MetadataStoreSelector} (the payment id as the key) around a {@link MessageHandler} that
 * runs the same body, over {@link RedisMetadataStore} or {@link JdbcMetadataStore} on PostgreSQL.
 * A first delivery is one {@code putIfAbsent}: {@code HSETNX} into one Redis hash, or one
 * {@code INSERT ... SELECT ... HAVING COUNT(*)=0 ON CONFLICT DO NOTHING}. Building the Spring
 * Integration message is part of each operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class SpringIntegrationBenchmark {

	private static final String TABLE = "CREATE TABLE IF NOT EXISTS INT_METADATA_STORE ("
			+ " METADATA_KEY VARCHAR(255) NOT NULL, METADATA_VALUE VARCHAR(4000), REGION VARCHAR(100) NOT NULL,"
			+ " CONSTRAINT INT_METADATA_STORE_PK PRIMARY KEY (METADATA_KEY, REGION))";

	/** The metadata store: {@code redis} or {@code jdbc}. */
	@Param({ "redis", "jdbc" })
	public String store;

	private final String name = "bench-si-" + MessageKeys.RUN;

	private final PaymentHandler payments = new PaymentHandler();

	private LettuceConnectionFactory redis;

	private HikariDataSource dataSource;

	private MessageHandler handler;

	/**
	 * Build the interceptor around the handler.
	 */
	@Setup
	public void start() {
		MessageHandler body = (message) -> this.payments.handle((Payment) message.getPayload());
		ProxyFactory proxy = new ProxyFactory(body);
		proxy.addAdvice(new IdempotentReceiverInterceptor(new MetadataStoreSelector(
				(message) -> ((Payment) message.getPayload()).id(), metadataStore())));
		this.handler = (MessageHandler) proxy.getProxy();
	}

	/**
	 * Remove the records and close the connections.
	 */
	@TearDown
	public void stop() {
		if (this.redis != null) {
			this.redis.getConnection().keyCommands().del(this.name.getBytes());
			this.redis.destroy();
		}
		if (this.dataSource != null) {
			new JdbcTemplate(this.dataSource).update("DELETE FROM INT_METADATA_STORE WHERE REGION = ?", this.name);
			this.dataSource.close();
		}
	}

	/**
	 * Handle one message.
	 * @param keys fresh keys
	 * @return the body, so that its work is consumed
	 */
	@Benchmark
	public PaymentHandler interceptedHandler(MessageKeys keys) {
		this.handler.handleMessage(MessageBuilder.withPayload(new Payment(keys.next())).build());
		return this.payments;
	}

	private ConcurrentMetadataStore metadataStore() {
		if ("redis".equals(this.store)) {
			this.redis = Connections.redisConnectionFactory();
			return new RedisMetadataStore(this.redis, this.name);
		}
		this.dataSource = Connections.dataSource(2);
		new JdbcTemplate(this.dataSource).execute(TABLE);
		JdbcMetadataStore metadataStore = new JdbcMetadataStore(this.dataSource);
		metadataStore.setRegion(this.name);
		metadataStore.afterPropertiesSet();
		return metadataStore;
	}

}
