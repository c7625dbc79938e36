package dev.idempotency.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.RedisStoreApplication;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A batch through the store's batch API on Redis: {@code claimAll}, then {@code completeAll} of
 * every acquired claim, on the store the starter auto-configures; the pipelined counterpart of
 * {@link RedisPipelineFloorBenchmark}. A score is batches per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class RedisBatchGateBenchmark {

	/** Messages per batch. */
	@Param({ "100", "500" })
	public int batchSize;

	/**
	 * Claim and complete a batch.
	 * @param redis the store
	 * @param keys fresh keys
	 * @return the completion answers
	 */
	@Benchmark
	public List<Boolean> claimAllThenCompleteAll(RedisStoreApplication redis, MessageKeys keys) {
		List<OwnedClaim> batch = new ArrayList<>(this.batchSize);
		for (String key : keys.next(this.batchSize)) {
			batch.add(new OwnedClaim(redis.scope(key), RedisStoreApplication.TOKEN));
		}
		List<ClaimResult> claims = redis.store().claimAll(batch, RedisStoreApplication.LEASE);
		for (int i = 0; i < claims.size(); i++) {
			if (claims.get(i).status() != ClaimResult.Status.ACQUIRED) {
				throw new IllegalStateException("Record " + batch.get(i).scope() + " was already taken");
			}
		}
		return redis.store().completeAll(batch, RedisStoreApplication.TTL);
	}

}
