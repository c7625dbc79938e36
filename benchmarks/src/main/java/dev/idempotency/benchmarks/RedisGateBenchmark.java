package dev.idempotency.benchmarks;

import dev.idempotency.benchmarks.support.GateApplication;
import dev.idempotency.benchmarks.support.IdempotentPaymentHandler;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.Payment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One message at a time through an {@code @Idempotent} bean on the Redis store (proxy, SpEL key,
 * gate, claim script, body, completion script), as {@link RedisFloorBenchmark} does it raw.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class RedisGateBenchmark {

	private ConfigurableApplicationContext context;

	private IdempotentPaymentHandler gated;

	/**
	 * Start the application on the Redis store.
	 */
	@Setup
	public void start() {
		this.context = GateApplication.start("redis");
		this.gated = this.context.getBean(IdempotentPaymentHandler.class);
	}

	/**
	 * Stop the application.
	 */
	@TearDown
	public void stop() {
		this.context.close();
	}

	/**
	 * One message, on one thread.
	 * @param keys fresh keys
	 * @return the handler, so that its work is consumed
	 */
	@Benchmark
	@Threads(1)
	public IdempotentPaymentHandler annotatedMethod(MessageKeys keys) {
		this.gated.handle(new Payment(keys.next()));
		return this.gated;
	}

	/**
	 * One message, on each of eight threads.
	 * @param keys fresh keys
	 * @return the handler, so that its work is consumed
	 */
	@Benchmark
	@Threads(8)
	public IdempotentPaymentHandler annotatedMethod8Threads(MessageKeys keys) {
		return annotatedMethod(keys);
	}

}
