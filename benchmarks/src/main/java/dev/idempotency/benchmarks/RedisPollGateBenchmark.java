package dev.idempotency.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.idempotency.benchmarks.support.GateApplication;
import dev.idempotency.benchmarks.support.IdempotentPaymentHandler;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.Payment;
import dev.idempotency.benchmarks.support.PaymentHandler;
import dev.idempotency.core.ConsumerPolicies;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.PollScope;
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
 * A Kafka poll of {@value #POLL} messages simulated on one thread, as a record listener container
 * runs it with per-poll store writes: the records claimed ahead in one request, each message run
 * through the gate on the Redis store, then the flush the container's commit waits for. A score
 * is messages per second, comparable with the one-message benchmarks and the peers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class RedisPollGateBenchmark {

	/** Messages per poll, Spring Kafka's default {@code max.poll.records}. */
	static final int POLL = 500;

	private final ThreadLocal<PollScope> polls = ThreadLocal.withInitial(PollScope::new);

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
			.deferral(this.polls::get)
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
	 * One poll's messages, then the flush before the commit.
	 * @param keys fresh keys
	 * @return how many bodies ran
	 */
	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(POLL)
	public int poll(MessageKeys keys) {
		List<MessageKey> messages = new ArrayList<>(POLL);
		for (String key : keys.next(POLL)) {
			messages.add(MessageKey.of(key, "the benchmark"));
		}
		this.gate.claimAhead(this.policy, messages);
		int ran = 0;
		for (MessageKey message : messages) {
			ran += this.gate.execute(this.policy, message, () -> {
				this.body.handle(new Payment(message.value()));
				return 1;
			}).skipped() ? 0 : 1;
		}
		PollScope poll = this.polls.get();
		poll.flush();
		poll.releaseClaimsAhead();
		return ran;
	}

}
