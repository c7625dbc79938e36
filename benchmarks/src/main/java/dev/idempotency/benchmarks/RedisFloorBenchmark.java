package dev.idempotency.benchmarks;

import java.time.Duration;

import dev.idempotency.benchmarks.support.Connections;
import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.RedisStoreApplication;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The two-round-trip floor of one message on Redis: {@code SET key token NX PX lease} (the
 * claim), then {@code SET key COMPLETED XX PX ttl} (the completion), with plain Lettuce on one
 * shared connection, as Spring Data Redis shares it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class RedisFloorBenchmark {

	static final SetArgs CLAIM = SetArgs.Builder.nx().px(Duration.ofMinutes(5));

	static final SetArgs COMPLETE = SetArgs.Builder.xx().px(RedisStoreApplication.TTL);

	static final String TOKEN = "0123456789abcdef0123456789abcdef";

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private RedisCommands<String, String> redis;

	/**
	 * Connect.
	 */
	@Setup
	public void connect() {
		this.client = Connections.redisClient();
		this.connection = this.client.connect();
		this.redis = this.connection.sync();
	}

	/**
	 * Disconnect.
	 */
	@TearDown
	public void disconnect() {
		this.connection.close();
		this.client.shutdown();
	}

	/**
	 * Claim and complete one message, on one thread.
	 * @param keys fresh keys
	 * @return the answer of the completion
	 */
	@Benchmark
	@Threads(1)
	public String claimThenComplete(MessageKeys keys) {
		return claimThenComplete(keys.next());
	}

	/**
	 * Claim and complete one message, on each of eight threads.
	 * @param keys fresh keys
	 * @return the answer of the completion
	 */
	@Benchmark
	@Threads(8)
	public String claimThenComplete8Threads(MessageKeys keys) {
		return claimThenComplete(keys.next());
	}

	private String claimThenComplete(String key) {
		if (this.redis.set(key, TOKEN, CLAIM) == null) {
			throw new IllegalStateException("Key " + key + " was already taken");
		}
		return this.redis.set(key, "COMPLETED", COMPLETE);
	}

}
