package dev.idempotency.benchmarks.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.PollScope;
import dev.idempotency.core.PollScopes;

/**
 * A Kafka poll simulated on the calling thread, as a record listener container runs it with
 * per-poll store writes: optionally the records claimed ahead in one request, each message run
 * through the gate, then the flush the container's commit waits for. Give {@link #scopes()} to
 * the gate's builder as its deferral.
 */
public final class SimulatedPoll {

	/** Messages per poll, Spring Kafka's default {@code max.poll.records}. */
	public static final int SIZE = 500;

	private final ThreadLocal<PollScope> polls = ThreadLocal.withInitial(PollScope::new);

	/**
	 * Return the poll scopes the gate defers its completions to.
	 * @return the poll scope of the calling thread
	 */
	public PollScopes scopes() {
		return this.polls::get;
	}

	/**
	 * Run one poll.
	 * @param gate the gate, built with {@link #scopes()}
	 * @param policy the consumer's policy, with per-poll store writes
	 * @param keys the keys of the poll's messages
	 * @param claimAhead whether the records are claimed ahead, as when their keys can be resolved
	 * before the body; else each is claimed by its own request
	 * @param body the listener's body, given the key
	 * @return how many bodies ran
	 */
	public int run(IdempotencyGate gate, ConsumerPolicy policy, List<String> keys, boolean claimAhead,
			Consumer<String> body) {
		List<MessageKey> messages = new ArrayList<>(keys.size());
		for (String key : keys) {
			messages.add(MessageKey.of(key, "the benchmark"));
		}
		if (claimAhead) {
			gate.claimAhead(policy, messages);
		}
		int ran = 0;
		for (MessageKey message : messages) {
			ran += gate.execute(policy, message, () -> {
				body.accept(message.value());
				return 1;
			}).skipped() ? 0 : 1;
		}
		PollScope poll = this.polls.get();
		poll.flush();
		poll.releaseClaimsAhead();
		return ran;
	}

}
