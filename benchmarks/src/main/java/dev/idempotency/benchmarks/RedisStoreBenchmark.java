package dev.idempotency.benchmarks;

import dev.idempotency.benchmarks.support.MessageKeys;
import dev.idempotency.benchmarks.support.RedisStoreApplication;
import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.RecordScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;

/**
 * The Redis store alone, one message at a time: {@code claim} then {@code complete} (a
 * {@code SET} and a Lua script through Spring Data Redis) without the gate, the proxy or the key
 * expression. It tells the store's share of {@link RedisGateBenchmark} from the gate's.
 */
@BenchmarkMode(Mode.Throughput)
public class RedisStoreBenchmark {

	/**
	 * Claim and complete one message.
	 * @param redis the store
	 * @param keys fresh keys
	 * @return whether it was completed
	 */
	@Benchmark
	public boolean claimThenComplete(RedisStoreApplication redis, MessageKeys keys) {
		RecordScope scope = redis.scope(keys.next());
		ClaimResult claim = redis.store().claim(scope, RedisStoreApplication.TOKEN, RedisStoreApplication.LEASE);
		if (claim.status() != ClaimResult.Status.ACQUIRED) {
			throw new IllegalStateException("Record " + scope + " was already taken");
		}
		return redis.store().complete(scope, claim.token(), RedisStoreApplication.TTL, null);
	}

}
