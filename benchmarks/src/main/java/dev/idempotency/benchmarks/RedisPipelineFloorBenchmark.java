package dev.idempotency.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import dev.idempotency.benchmarks.support.Connections;
import dev.idempotency.benchmarks.support.MessageKeys;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor of a batch on Redis: every {@code SET NX PX} of the batch written in one flush and
 * awaited, then every {@code SET XX PX} completion likewise; two pipelined round trips with plain
 * Lettuce. A score is batches per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class RedisPipelineFloorBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** Messages per batch. */
	@Param({ "100", "500" })
	public int batchSize;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private RedisAsyncCommands<String, String> redis;

	/**
	 * Connect, with commands flushed by hand.
	 */
	@Setup
	public void connect() {
		this.client = Connections.redisClient();
		this.connection = this.client.connect();
		this.connection.setAutoFlushCommands(false);
		this.redis = this.connection.async();
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
	 * Claim and complete a batch.
	 * @param keys fresh keys
	 * @return the completion answers
	 */
	@Benchmark
	public List<RedisFuture<String>> claimThenCompletePipelined(MessageKeys keys) {
		List<String> batch = keys.next(this.batchSize);
		List<RedisFuture<String>> claims = new ArrayList<>(batch.size());
		for (String key : batch) {
			claims.add(this.redis.set(key, RedisFloorBenchmark.TOKEN, RedisFloorBenchmark.CLAIM));
		}
		await(claims);
		for (RedisFuture<String> claim : claims) {
			if (claim.toCompletableFuture().getNow(null) == null) {
				throw new IllegalStateException("A key of the batch was already taken");
			}
		}
		List<RedisFuture<String>> completions = new ArrayList<>(batch.size());
		for (String key : batch) {
			completions.add(this.redis.set(key, "COMPLETED", RedisFloorBenchmark.COMPLETE));
		}
		await(completions);
		return completions;
	}

	private void await(List<RedisFuture<String>> answers) {
		this.connection.flushCommands();
		if (!LettuceFutures.awaitAll(TIMEOUT, answers.toArray(new Future<?>[0]))) {
			throw new IllegalStateException("Redis did not answer within " + TIMEOUT);
		}
	}

}
