package dev.idempotency.listener.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import dev.idempotency.core.PollScope;
import dev.idempotency.core.PollScopes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ConsumerPostProcessor;

/**
 * The poll scopes of Kafka listener container threads. The consumers of the containers the
 * starter sees are wrapped (see {@link KafkaContainerFactoryPostProcessor}) so that the gate
 * knows the records of each poll, to claim them ahead, and so that every commit, synchronous or
 * asynchronous, whether the container commits after a poll, per record, on a rebalance or for its
 * error handler, first flushes the completions pending on the consumer thread, as does closing
 * the consumer. A commit whose flush fails is not made: the exception goes to the container, and
 * the next commit flushes again. After each poll's records have run, the pending completions are
 * sent and the claims taken ahead for records that did not run are released
 * ({@link #endPoll()}).
 */
public final class KafkaPollScopes implements PollScopes {

	private static final Log logger = LogFactory.getLog(KafkaPollScopes.class);

	private static final ThreadLocal<ConsumerThread> threads = new ThreadLocal<>();

	/** Wraps each consumer of a consumer factory. */
	static final ConsumerPostProcessor<Object, Object> WRAP_CONSUMERS = KafkaPollScopes::wrap;

	@Override
	public @Nullable PollScope current() {
		ConsumerThread thread = threads.get();
		return (thread != null && (CurrentKafkaRecord.get() != null || CurrentKafkaBatch.get() != null))
				? thread.scope : null;
	}

	/**
	 * Return the records of the current poll that the container delivers after {@code current},
	 * once per poll: the first delivery of a poll may claim them ahead, the later ones find them
	 * claimed.
	 * @param current the record being delivered
	 * @return the later records, or none if they were handed out already
	 */
	static List<ConsumerRecord<?, ?>> upcoming(ConsumerRecord<?, ?> current) {
		ConsumerThread thread = threads.get();
		if (thread == null || thread.polled == null) {
			return List.of();
		}
		ConsumerRecords<?, ?> polled = thread.polled;
		thread.polled = null;
		List<ConsumerRecord<?, ?>> later = new ArrayList<>(polled.count());
		boolean after = false;
		for (ConsumerRecord<?, ?> record : polled) {
			if (after) {
				later.add(record);
			}
			else {
				after = record.partition() == current.partition() && record.offset() == current.offset()
						&& record.topic().equals(current.topic());
			}
		}
		return later;
	}

	/**
	 * End the poll whose records the container has run: send the completions pending on this
	 * thread, so that they wait no longer than the poll even when no commit follows (a failure is
	 * left to the flush before the next commit), and release the claims taken ahead for records
	 * that did not run.
	 */
	static void endPoll() {
		ConsumerThread thread = threads.get();
		if (thread == null) {
			return;
		}
		thread.polled = null;
		try {
			thread.scope.flush();
		}
		catch (RuntimeException ex) {
			logger.warn(ex.getMessage());
		}
		thread.scope.releaseClaimsAhead();
	}

	@SuppressWarnings("unchecked")
	static <K, V> Consumer<K, V> wrap(Consumer<K, V> consumer) {
		return (Consumer<K, V>) Proxy.newProxyInstance(KafkaPollScopes.class.getClassLoader(),
				new Class<?>[] { Consumer.class }, new PollingConsumer(consumer));
	}

	/**
	 * The poll scope of a consumer thread and the records of its last poll, until handed out.
	 */
	private static final class ConsumerThread {

		final PollScope scope = new PollScope();

		@Nullable ConsumerRecords<?, ?> polled;

	}

	private record PollingConsumer(Consumer<?, ?> consumer) implements InvocationHandler {

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments) throws Throwable {
			switch (method.getName()) {
				case "commitSync", "commitAsync" -> flush();
				case "close" -> close();
				default -> {
				}
			}
			Object answer;
			try {
				answer = method.invoke(this.consumer, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
			if (answer instanceof ConsumerRecords<?, ?> records && method.getName().equals("poll")) {
				polled(records);
			}
			return answer;
		}

		private static void polled(ConsumerRecords<?, ?> records) {
			ConsumerThread thread = threads.get();
			if (thread == null) {
				thread = new ConsumerThread();
				threads.set(thread);
			}
			thread.polled = records.isEmpty() ? null : records;
		}

		private static void flush() {
			ConsumerThread thread = threads.get();
			if (thread != null) {
				thread.scope.flush();
			}
		}

		private static void close() {
			ConsumerThread thread = threads.get();
			if (thread == null) {
				return;
			}
			try {
				thread.scope.flush();
			}
			catch (RuntimeException ex) {
				logger.warn("Closing a Kafka consumer with processed records whose completions the idempotency store "
						+ "did not take; a redelivery runs them again once their leases lapse: " + ex.getMessage());
			}
			finally {
				thread.scope.releaseClaimsAhead();
				threads.remove();
			}
		}

	}

}
