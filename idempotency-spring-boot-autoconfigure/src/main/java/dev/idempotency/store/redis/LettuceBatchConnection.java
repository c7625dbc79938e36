package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Sends the commands of a batch over the connection factory's shared Lettuce connection: every
 * command is written before the first answer is awaited.
 */
final class LettuceBatchConnection {

	private final StringRedisTemplate redis;

	private final Duration timeout;

	LettuceBatchConnection(LettuceConnectionFactory connectionFactory, StringRedisTemplate redis) {
		this.redis = redis;
		this.timeout = Duration.ofMillis(connectionFactory.getTimeout());
	}

	/**
	 * Send {@code count} commands and wait for every answer.
	 * @param <T> the type of the answers
	 * @param count the number of commands
	 * @param command sends the command at an index, without waiting
	 * @return the answers, each done, in order
	 * @throws QueryTimeoutException if an answer did not arrive within the connection factory's
	 * timeout
	 */
	<T> List<RedisFuture<T>> send(int count, Command<T> command) {
		List<RedisFuture<T>> answers = new ArrayList<>(count);
		this.redis.execute((RedisCallback<Void>) (shared) -> {
			@SuppressWarnings("unchecked")
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) shared
				.getNativeConnection();
			for (int i = 0; i < count; i++) {
				answers.add(command.send(commands, i));
			}
			return null;
		});
		await(answers);
		return answers;
	}

	private void await(List<? extends RedisFuture<?>> answers) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			for (RedisFuture<?> answer : answers) {
				long left = deadline - System.nanoTime();
				if (!answer.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
					answers.forEach((unanswered) -> unanswered.cancel(false));
					throw new QueryTimeoutException("Redis did not answer a batch within " + this.timeout);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis", ex);
		}
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
