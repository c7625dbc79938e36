package dev.idempotency.listener.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import dev.idempotency.core.CompletionDeferral;
import dev.idempotency.core.PendingCompletions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ConsumerPostProcessor;

/**
 * Defers the completions of Kafka listener deliveries to the container's next offset commit. The
 * consumers of the containers the starter sees are wrapped (see
 * {@link KafkaContainerFactoryPostProcessor}) so that every commit, synchronous or asynchronous,
 * whether the container commits after a poll, per record, on a rebalance or for its error handler,
 * first flushes the pending completions of the consumer thread, and so does closing the consumer.
 * A commit whose flush fails is not made: the exception goes to the container, and the next
 * commit flushes again.
 */
public final class KafkaCommitDeferral implements CompletionDeferral {

	private static final Log logger = LogFactory.getLog(KafkaCommitDeferral.class);

	private static final ThreadLocal<PendingCompletions> pending = new ThreadLocal<>();

	/** Wraps each consumer of a consumer factory. */
	static final ConsumerPostProcessor<Object, Object> WRAP_CONSUMERS = KafkaCommitDeferral::flushingBeforeCommits;

	@Override
	public @Nullable PendingCompletions current() {
		return (CurrentKafkaRecord.get() != null || CurrentKafkaBatch.get() != null) ? pending.get() : null;
	}

	/**
	 * Send the completions pending on this thread once the container has run a poll's records,
	 * so that they wait no longer than the poll even when no commit follows; a failure is left to
	 * the flush before the next commit.
	 */
	static void flushAfterPoll() {
		PendingCompletions completions = pending.get();
		if (completions == null || completions.isEmpty()) {
			return;
		}
		try {
			completions.flush();
		}
		catch (RuntimeException ex) {
			logger.warn(ex.getMessage());
		}
	}

	@SuppressWarnings("unchecked")
	static <K, V> Consumer<K, V> flushingBeforeCommits(Consumer<K, V> consumer) {
		return (Consumer<K, V>) Proxy.newProxyInstance(KafkaCommitDeferral.class.getClassLoader(),
				new Class<?>[] { Consumer.class }, new FlushingConsumer(consumer));
	}

	private record FlushingConsumer(Consumer<?, ?> consumer) implements InvocationHandler {

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments) throws Throwable {
			switch (method.getName()) {
				case "poll" -> {
					if (pending.get() == null) {
						pending.set(new PendingCompletions());
					}
				}
				case "commitSync", "commitAsync" -> flush();
				case "close" -> close();
				default -> {
				}
			}
			try {
				return method.invoke(this.consumer, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		private static void flush() {
			PendingCompletions completions = pending.get();
			if (completions != null) {
				completions.flush();
			}
		}

		private static void close() {
			try {
				flush();
			}
			catch (RuntimeException ex) {
				logger.warn("Closing a Kafka consumer with processed records whose completions the idempotency store "
						+ "did not take; a redelivery runs them again once their leases lapse: " + ex.getMessage());
			}
			finally {
				pending.remove();
			}
		}

	}

}
