package dev.idempotency.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs one script over many keys in one round trip: Lettuce writes every {@code EVALSHA} before
 * the first answer is read. On Redis Cluster each command goes to the master of its own key's
 * slot, so no script touches keys of two slots. A node that lost its script cache gets the
 * script by {@code EVAL}.
 */
final class LettuceScriptBatch {

	private final StringRedisTemplate redis;

	private final Duration timeout;

	LettuceScriptBatch(StringRedisTemplate redis, Duration timeout) {
		this.redis = redis;
		this.timeout = timeout;
	}

	/**
	 * Run {@code script} once per key.
	 * @param script the script, answering a list or an integer
	 * @param keys the record keys
	 * @param arguments the script arguments for the key at an index
	 * @return the answers, in the order of the keys
	 */
	List<Object> run(RedisScript<?> script, List<String> keys, IntFunction<String[]> arguments) {
		ScriptOutputType output = List.class.equals(script.getResultType()) ? ScriptOutputType.MULTI
				: ScriptOutputType.INTEGER;
		return this.redis.execute((RedisCallback<List<Object>>) (connection) -> run(commands(connection), script,
				output, keys, arguments));
	}

	private List<Object> run(RedisClusterAsyncCommands<byte[], byte[]> commands, RedisScript<?> script,
			ScriptOutputType output, List<String> keys, IntFunction<String[]> arguments) {
		List<byte[][]> keyBytes = new ArrayList<>(keys.size());
		List<byte[][]> argumentBytes = new ArrayList<>(keys.size());
		List<RedisFuture<Object>> answers = new ArrayList<>(keys.size());
		String sha1 = script.getSha1();
		for (int i = 0; i < keys.size(); i++) {
			keyBytes.add(new byte[][] { bytes(keys.get(i)) });
			argumentBytes.add(bytes(arguments.apply(i)));
			answers.add(commands.evalsha(sha1, output, keyBytes.get(i), argumentBytes.get(i)));
		}
		List<Object> results = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			try {
				results.add(await(answers.get(i)));
			}
			catch (RedisNoScriptException ex) {
				results.add(await(commands.eval(script.getScriptAsString(), output, keyBytes.get(i),
						argumentBytes.get(i))));
			}
		}
		return results;
	}

	private Object await(RedisFuture<Object> answer) {
		try {
			return answer.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RedisNoScriptException noScript) {
				throw noScript;
			}
			throw new RedisSystemException("Redis batch command failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new QueryTimeoutException("Redis did not answer a batch command within " + this.timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis", ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<byte[], byte[]> commands(RedisConnection connection) {
		return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[][] bytes(String[] values) {
		byte[][] result = new byte[values.length][];
		for (int i = 0; i < values.length; i++) {
			result[i] = bytes(values[i]);
		}
		return result;
	}

}
