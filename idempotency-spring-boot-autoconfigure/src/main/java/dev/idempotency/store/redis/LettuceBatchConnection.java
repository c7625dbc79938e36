package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The store's own Lettuce connection for batches, which flushes only when told: the commands of a
 * batch are queued, then go out in one write with one flush. A lock keeps the batches of several
 * threads from interleaving while they are queued; their answers are awaited outside it. Opened
 * on the first batch from the connection factory's Lettuce client (same server, credentials,
 * TLS, database, Sentinel or Cluster), and again after the factory restarted its client.
 *
 * <p>A command can be written after the flush: on Redis Cluster, one redirected to another node
 * ({@code MOVED}, {@code ASK}) or one that waited for a node connection to open. Waiting
 * answers are therefore flushed again every few milliseconds until they all arrived. A client
 * built without a default address (static Master/Replica) cannot open such a connection; batches
 * then go over the factory's shared connection, each command flushed on its own.
 */
final class LettuceBatchConnection implements AutoCloseable {

	private static final long FLUSH_AGAIN_MILLIS = 20;

	private final LettuceConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final Duration timeout;

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable StatefulConnection<byte[], byte[]> connection;

	private @Nullable AbstractRedisClient clientWithoutAddress;

	LettuceBatchConnection(LettuceConnectionFactory connectionFactory, StringRedisTemplate redis) {
		this.connectionFactory = connectionFactory;
		this.redis = redis;
		this.timeout = Duration.ofMillis(connectionFactory.getTimeout());
	}

	/**
	 * Send {@code count} commands in one write and wait for every answer.
	 * @param <T> the type of the answers
	 * @param count the number of commands
	 * @param command sends the command at an index, without waiting
	 * @return the answers, each done, in order
	 * @throws QueryTimeoutException if an answer did not arrive within the connection factory's
	 * timeout
	 */
	<T> List<RedisFuture<T>> send(int count, Command<T> command) {
		List<RedisFuture<T>> answers = new ArrayList<>(count);
		StatefulConnection<byte[], byte[]> connection;
		this.lock.lock();
		try {
			connection = connection();
			if (connection != null) {
				RedisClusterAsyncCommands<byte[], byte[]> commands = commands(connection);
				for (int i = 0; i < count; i++) {
					answers.add(command.send(commands, i));
				}
				connection.flushCommands();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (connection == null) {
			sendShared(count, command, answers);
		}
		await(answers, connection);
		return answers;
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			if (this.connection != null) {
				this.connection.close();
				this.connection = null;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private <T> void sendShared(int count, Command<T> command, List<RedisFuture<T>> answers) {
		this.redis.execute((RedisCallback<Void>) (shared) -> {
			@SuppressWarnings("unchecked")
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) shared
				.getNativeConnection();
			for (int i = 0; i < count; i++) {
				answers.add(command.send(commands, i));
			}
			return null;
		});
	}

	private @Nullable StatefulConnection<byte[], byte[]> connection() {
		if (this.connection != null && this.connection.isOpen()) {
			return this.connection;
		}
		AbstractRedisClient client = this.connectionFactory.getRequiredNativeClient();
		if (client == this.clientWithoutAddress) {
			return null;
		}
		try {
			StatefulConnection<byte[], byte[]> opened = (client instanceof RedisClusterClient cluster)
					? cluster.connect(ByteArrayCodec.INSTANCE) : ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
			opened.setAutoFlushCommands(false);
			this.connection = opened;
			return opened;
		}
		catch (IllegalStateException ex) {
			this.clientWithoutAddress = client;
			return null;
		}
	}

	private void await(List<? extends RedisFuture<?>> answers, @Nullable StatefulConnection<byte[], byte[]> connection) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			for (RedisFuture<?> answer : answers) {
				while (!answer.await(FLUSH_AGAIN_MILLIS, TimeUnit.MILLISECONDS)) {
					if (System.nanoTime() - deadline >= 0) {
						answers.forEach((unanswered) -> unanswered.cancel(false));
						throw new QueryTimeoutException("Redis did not answer a batch within " + this.timeout);
					}
					if (connection != null) {
						flushAgain(connection);
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis", ex);
		}
	}

	private void flushAgain(StatefulConnection<byte[], byte[]> connection) {
		this.lock.lock();
		try {
			connection.flushCommands();
		}
		finally {
			this.lock.unlock();
		}
	}

	private static RedisClusterAsyncCommands<byte[], byte[]> commands(StatefulConnection<byte[], byte[]> connection) {
		return (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) ? cluster.async()
				: ((StatefulRedisConnection<byte[], byte[]>) connection).async();
	}

	/**
	 * Sends one command of a batch.
	 *
	 * @param <T> the type of its answer
	 */
	@FunctionalInterface
	interface Command<T> {

		/**
		 * Send the command at {@code index}, without waiting for its answer.
		 * @param commands the connection's commands
		 * @param index the index of the command in its batch
		 * @return its answer, when it arrives
		 */
		RedisFuture<T> send(RedisClusterAsyncCommands<byte[], byte[]> commands, int index);

	}

}
