package dev.idempotency.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.benchmarks.support.Connections;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.Payment;
import dev.idempotency.benchmarks.support.PaymentHandler;
import org.apache.camel.component.redis.processor.idempotent.SpringRedisIdempotentRepository;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Peer: Apache Camel's idempotent repositories as its idempotent consumer uses them,
 * {@code add(key)}, the body, {@code confirm(key)}: {@link SpringRedisIdempotentRepository}
 * ({@code SISMEMBER} then {@code SADD} on one Redis set; {@code confirm} does nothing) or
 * {@link JdbcMessageIdRepository} on PostgreSQL (a transaction with {@code SELECT COUNT(*)} then
 * {@code INSERT}; {@code confirm} does nothing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class CamelBenchmark {

	/** The repository: {@code redis} or {@code jdbc}. */
	@Param({ "redis", "jdbc" })
	public String store;

	private final String name = "bench-camel-" + MessageKeys.RUN;

	private final PaymentHandler payments = new PaymentHandler();

	private LettuceConnectionFactory redis;

	private HikariDataSource dataSource;

	private IdempotentRepository repository;

	/**
	 * Create and start the repository.
	 */
	@Setup
	public void start() {
		if ("redis".equals(this.store)) {
			this.redis = Connections.redisConnectionFactory();
			StringRedisTemplate template = new StringRedisTemplate(this.redis);
			this.repository = new SpringRedisIdempotentRepository(template, this.name);
		}
		else {
			this.dataSource = Connections.dataSource(2);
			this.repository = new JdbcMessageIdRepository(this.dataSource, this.name);
		}
		this.repository.start();
	}

	/**
	 * Remove the records and close the connections.
	 */
	@TearDown
	public void stop() {
		if (this.dataSource != null) {
			this.repository.clear();
		}
		this.repository.stop();
		if (this.redis != null) {
			this.redis.getConnection().keyCommands().del(this.name.getBytes());
			this.redis.destroy();
		}
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	/**
	 * Add the key, run the body, confirm the key.
	 * @param keys fresh keys
	 * @return the body, so that its work is consumed
	 */
	@Benchmark
	public PaymentHandler addThenConfirm(MessageKeys keys) {
		Payment payment = new Payment(keys.next());
		if (!this.repository.add(payment.id())) {
			throw new IllegalStateException("Key " + payment.id() + " was already added");
		}
		this.payments.handle(payment);
		this.repository.confirm(payment.id());
		return this.payments;
	}

}
