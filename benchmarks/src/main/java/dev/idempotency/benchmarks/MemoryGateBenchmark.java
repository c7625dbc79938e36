package dev.idempotency.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.idempotency.benchmarks.support.GateApplication;
import dev.idempotency.benchmarks.support.IdempotentPaymentHandler;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.Payment;
import dev.idempotency.benchmarks.support.PaymentHandler;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.ConsumerPolicies;
import dev.idempotency.core.Execution;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.MessageKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the gate costs over the bare call when the store costs nearly nothing (the memory store):
 * the same body called directly, through an {@code @Idempotent} bean (proxy, SpEL key, gate) and
 * through the gate alone. Every message is a first delivery.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryGateBenchmark {

	private ConfigurableApplicationContext context;

	private PaymentHandler plain;

	private PaymentHandler gated;

	private IdempotencyGate gate;

	private ConsumerPolicy policy;

	/**
	 * Start the application on the memory store.
	 */
	@Setup
	public void start() {
		this.context = GateApplication.start("memory");
		this.plain = this.context.getBean("paymentHandler", PaymentHandler.class);
		this.gated = this.context.getBean(IdempotentPaymentHandler.class);
		this.gate = this.context.getBean(IdempotencyGate.class);
		this.policy = this.context.getBean(ConsumerPolicies.class)
			.resolve(IdempotentPaymentHandler.CONSUMER);
	}

	/**
	 * Stop the application.
	 */
	@TearDown
	public void stop() {
		this.context.close();
	}

	/**
	 * The body, un-gated.
	 * @param keys fresh keys
	 * @return the handler, so that its work is consumed
	 */
	@Benchmark
	public PaymentHandler bareCall(MessageKeys keys) {
		this.plain.handle(new Payment(keys.next()));
		return this.plain;
	}

	/**
	 * The body through its {@code @Idempotent} bean: proxy, SpEL key, gate, memory store.
	 * @param keys fresh keys
	 * @return the handler, so that its work is consumed
	 */
	@Benchmark
	public PaymentHandler annotatedMethod(MessageKeys keys) {
		this.gated.handle(new Payment(keys.next()));
		return this.gated;
	}

	/**
	 * The body through the gate alone, with its key given: gate and memory store.
	 * @param keys fresh keys
	 * @return what the gate did
	 */
	@Benchmark
	public Execution<Object> gateOnly(MessageKeys keys) {
		Payment payment = new Payment(keys.next());
		return this.gate.execute(this.policy, MessageKey.of(payment.id(), "benchmark"), () -> {
			this.plain.handle(payment);
			return null;
		});
	}

}
