package dev.idempotency;

import java.util.function.Supplier;

import dev.idempotency.core.ConsumerPolicies;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.Delivery;
import dev.idempotency.core.Execution;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.MessageKey;
import dev.idempotency.core.StoreWrites;
import org.jspecify.annotations.Nullable;

/**
 * The idempotency gate for code that is not an annotated listener: a functional
 * {@code Consumer<Message<T>>} bean, a {@code @JmsListener}, an HTTP handler.
 *
 * <pre class="code">
 * template.run("payments", payment.id(), () -&gt; charge(payment));
 * </pre>
 *
 * The consumer's policy ({@code idempotency.consumers.<name>.*} over the global values) applies,
 * and the same exceptions as for annotated listeners are thrown.
 */
public class IdempotencyTemplate {

	private final IdempotencyGate gate;

	private final ConsumerPolicies policies;

	/**
	 * Create a template.
	 * @param gate the gate
	 * @param policies gives the policy of a consumer
	 */
	public IdempotencyTemplate(IdempotencyGate gate, ConsumerPolicies policies) {
		this.gate = gate;
		this.policies = policies;
	}

	/**
	 * Run {@code body} unless the message with {@code key} was already processed by
	 * {@code consumer}.
	 * @param <T> the result type
	 * @param consumer the consumer name that scopes the records
	 * @param key the message key
	 * @param body the work to run once
	 * @return the body's result, or {@code null} if the body was skipped
	 * @see #execute(String, String, Class, Supplier)
	 */
	public <T> @Nullable T execute(String consumer, @Nullable String key, Supplier<T> body) {
		return execution(consumer, key, body).value();
	}

	/**
	 * Run {@code body} unless the message with {@code key} was already processed by
	 * {@code consumer}, and keep its result: the result is stored as JSON with the record (up to
	 * {@code idempotency.max-result-size}) and returned again for a duplicate.
	 * @param <T> the result type
	 * @param consumer the consumer name that scopes the records
	 * @param key the message key
	 * @param resultType the type to read a stored result back as
	 * @param body the work to run once
	 * @return the body's result, or for a duplicate the stored result ({@code null} if none was
	 * stored)
	 */
	public <T> @Nullable T execute(String consumer, @Nullable String key, Class<T> resultType, Supplier<T> body) {
		Delivery delivery = new Delivery(policy(consumer), messageKey(key), null, resultType);
		return this.gate.execute(delivery, body::get).value();
	}

	/**
	 * Run {@code body} unless the message with {@code key} was already processed by
	 * {@code consumer}.
	 * @param consumer the consumer name that scopes the records
	 * @param key the message key
	 * @param body the work to run once
	 * @return {@code true} if the body ran, {@code false} if it was skipped
	 */
	public boolean run(String consumer, @Nullable String key, Runnable body) {
		return !execution(consumer, key, () -> {
			body.run();
			return null;
		}).skipped();
	}

	private <T> Execution<T> execution(String consumer, @Nullable String key, Supplier<T> body) {
		return this.gate.execute(policy(consumer), messageKey(key), body::get);
	}

	private static MessageKey messageKey(@Nullable String key) {
		return MessageKey.of(key, "the key argument");
	}

	/**
	 * The consumer's policy, its store writes per record: a template call returns only once its
	 * record is completed, wherever it runs.
	 */
	private ConsumerPolicy policy(String consumer) {
		return this.policies.resolve(consumer).withStoreWrites(StoreWrites.PER_RECORD);
	}

}
