package dev.idempotency.benchmarks;

import dev.idempotency.benchmarks.support.GateApplication;
import dev.idempotency.benchmarks.support.IdempotentPaymentHandler;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.Payment;
import dev.idempotency.benchmarks.support.PaymentHandler;
import dev.idempotency.benchmarks.support.SimulatedPoll;
import dev.idempotency.core.ConsumerPolicies;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.core.StoreWrites;
import dev.idempotency.core.StoredResults;
import dev.idempotency.store.IdempotencyStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Kafka poll simulated on one thread (see {@link SimulatedPoll}) through the gate on the Redis
 * store, its records claimed ahead. A score is messages per second, comparable with the
 * one-message benchmarks and the peers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class RedisPollGateBenchmark {

	private final SimulatedPoll poll = new SimulatedPoll();

	private ConfigurableApplicationContext context;

	private IdempotencyGate gate;

	private ConsumerPolicy policy;

	private PaymentHandler body;

	/**
	 * Start the application on the Redis store, and a gate on its store whose poll scope is the
	 * benchmark thread's.
	 */
	@Setup
	public void start() {
		this.context = GateApplication.start("redis");
		this.gate = IdempotencyGate
			.builder(this.context.getBean(IdempotencyStore.class), this.context.getBean(RecordScopes.class))
			.heartbeat(this.context.getBean(LeaseHeartbeat.class))
			.results(this.context.getBean(StoredResults.class))
			.deferral(this.poll.scopes())
			.build();
		this.policy = this.context.getBean(ConsumerPolicies.class)
			.resolve(IdempotentPaymentHandler.CONSUMER)
			.withStoreWrites(StoreWrites.PER_POLL);
		this.body = this.context.getBean("paymentHandler", PaymentHandler.class);
	}

	/**
	 * Stop the application.
	 */
	@TearDown
	public void stop() {
		this.context.close();
	}

	/**
	 * One poll's messages, claimed ahead, then the flush before the commit.
	 * @param keys fresh keys
	 * @return how many bodies ran
	 */
	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(SimulatedPoll.SIZE)
	public int poll(MessageKeys keys) {
		return this.poll.run(this.gate, this.policy, keys.next(SimulatedPoll.SIZE), true,
				(key) -> this.body.handle(new Payment(key)));
	}

}
