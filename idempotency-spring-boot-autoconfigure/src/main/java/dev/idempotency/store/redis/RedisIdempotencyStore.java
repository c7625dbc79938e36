package dev.idempotency.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * An {@link IdempotencyStore} on Redis 7.0 or newer (standalone, Sentinel or Cluster).
 *
 * <p>A record is a string under {@code {prefix}:{group}:{consumer}:{key}}:
 * {@code IN_PROGRESS|<token>|<fingerprint>} while claimed, {@code COMPLETED||<fingerprint>} or
 * {@code COMPLETED||<fingerprint>|<result>} once completed. A claim is
 * one command, {@code SET key claim NX PX lease GET}, which writes a free key and answers the
 * record it found otherwise; only when that record is the caller's own live claim does a script,
 * {@code reclaim.lua}, renew it. Completion, release and extension compare the owner token in a
 * script each, which takes the keys of a batch in one call (on Redis Cluster, those of one hash
 * slot). Every command and script changes a key only after reading it, so each operation is
 * atomic per record and safe on Redis Cluster. Expiry is Redis's own: the key's {@code PX} is
 * the lease while in progress and the time to live once completed, so a lapsed lease is simply
 * an absent key, and the application's clock is never consulted.
 *
 * <p>Earlier versions kept a record as a hash with the fields {@code status}, {@code token},
 * {@code fingerprint} and {@code result}. Such records are still read, claimed, completed,
 * extended and released, in their own format until they expire, so that instances of both
 * versions can share a store: {@code SET} refuses a hash ({@code WRONGTYPE}) without touching
 * it, and the scripts read either format.
 *
 * <p>With Lettuce, the batch operations go out in one write with one flush, on a connection of
 * the store's own, which {@link #close()} closes.
 */
public class RedisIdempotencyStore implements IdempotencyStore, AutoCloseable {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			RedisIdempotencyStore.class.getClassLoader());

	private static final RedisScripts SCRIPTS = new RedisScripts();

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final String description;

	private final @Nullable LettuceBatches batches;

	private RedisIdempotencyStore(StringRedisTemplate redis, String keyPrefix, String description,
			@Nullable LettuceBatches batches) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.description = description;
		this.batches = batches;
	}

	/**
	 * Start building a store on {@code connectionFactory}.
	 * @param connectionFactory the Redis connection factory
	 * @return the builder
	 */
	public static Builder builder(RedisConnectionFactory connectionFactory) {
		return new Builder(connectionFactory);
	}

	@Override
	public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
		String key = key(scope);
		String spelledToken = RedisRecord.spell(token);
		try {
			String found = this.redis.execute((RedisCallback<String>) (connection) -> text(connection.stringCommands()
				.setGet(bytes(key), bytes(RedisRecord.claimed(spelledToken, fingerprint)),
						Expiration.milliseconds(RedisScripts.milliseconds(lease)), SetOption.ifAbsent())));
			if (found == null || !RedisRecord.isClaimedBy(found, spelledToken)) {
				return RedisRecord.claimAnswer(key, found, token);
			}
		}
		catch (RuntimeException ex) {
			if (!RedisRecord.isOtherType(ex)) {
				throw ex;
			}
		}
		// the caller's own live claim, or a hash record of earlier versions
		return RedisRecord.claimAnswer(key, reclaim(key, spelledToken, lease, fingerprint), token);
	}

	@Override
	public List<ClaimResult> claimAll(List<OwnedClaim> claims, Duration lease) {
		if (this.batches == null || claims.isEmpty()) {
			return IdempotencyStore.super.claimAll(claims, lease);
		}
		return this.batches.claimAll(keys(claims), claims, lease);
	}

	@Override
	public List<Boolean> completeAll(List<OwnedClaim> claims, Duration ttl) {
		if (this.batches == null || claims.isEmpty()) {
			return IdempotencyStore.super.completeAll(claims, ttl);
		}
		return this.batches.completeAll(keys(claims), claims, ttl);
	}

	@Override
	public List<Boolean> extendAll(List<OwnedClaim> claims, Duration lease) {
		if (this.batches == null || claims.isEmpty()) {
			return IdempotencyStore.super.extendAll(claims, lease);
		}
		return this.batches.extendAll(keys(claims), claims, lease);
	}

	@Override
	public void releaseAll(List<OwnedClaim> claims) {
		if (this.batches == null || claims.isEmpty()) {
			IdempotencyStore.super.releaseAll(claims);
			return;
		}
		this.batches.releaseAll(keys(claims), claims);
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		String spelledToken = RedisRecord.spell(token);
		Object[] arguments = (result != null) ? new Object[] { RedisScripts.millis(ttl), spelledToken, result }
				: new Object[] { RedisScripts.millis(ttl), spelledToken };
		return this.redis.execute(SCRIPTS.complete(), List.of(key(scope)), arguments).isEmpty();
	}

	@Override
	public void release(RecordScope scope, String token) {
		this.redis.execute(SCRIPTS.release(), List.of(key(scope)), RedisRecord.spell(token));
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		return this.redis
			.execute(SCRIPTS.extend(), List.of(key(scope)), RedisScripts.millis(lease), RedisRecord.spell(token))
			.isEmpty();
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordScope scope) {
		String key = key(scope);
		List<?> answer = this.redis.execute(SCRIPTS.find(), List.of(key));
		if (answer == null || answer.isEmpty()) {
			return Optional.empty();
		}
		long remainingMillis = Long.parseLong(String.valueOf(answer.get(1)));
		return Optional.of(RedisRecord.parse(key, String.valueOf(text(answer.get(0))))
			.toRecord(scope, Instant.now().plusMillis(remainingMillis)));
	}

	@Override
	public boolean delete(RecordScope scope) {
		return Boolean.TRUE.equals(this.redis.delete(key(scope)));
	}

	@Override
	public String type() {
		return "redis";
	}

	@Override
	public String description() {
		return this.description;
	}

	/**
	 * Close the connection of the batch operations, if one was opened. Single operations keep
	 * working on the connection factory's connections, and a later batch opens its connection
	 * again.
	 */
	@Override
	public void close() {
		if (this.batches != null) {
			this.batches.close();
		}
	}

	/**
	 * Return the Redis key of a record: {@code {prefix}:{group}:{consumer}:{key}}.
	 * @param scope the record
	 * @return its key
	 */
	public String key(RecordScope scope) {
		return this.keyPrefix + ":" + scope.group() + ":" + scope.consumer() + ":" + scope.key();
	}

	private @Nullable String reclaim(String key, String spelledToken, Duration lease, @Nullable String fingerprint) {
		return this.redis.execute(SCRIPTS.reclaim(), List.of(key),
				(Object[]) RedisScripts.reclaimArguments(spelledToken, lease, fingerprint));
	}

	private List<String> keys(List<OwnedClaim> claims) {
		return claims.stream().map((claim) -> key(claim.scope())).toList();
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Builds a {@link RedisIdempotencyStore}.
	 */
	public static final class Builder {

		private final RedisConnectionFactory connectionFactory;

		private String keyPrefix = "idempotency";

		private Builder(RedisConnectionFactory connectionFactory) {
			this.connectionFactory = connectionFactory;
		}

		/**
		 * Set the prefix of every record key, {@code "idempotency"} by default.
		 * @param keyPrefix the prefix, without the trailing colon
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			Assert.isTrue(StringUtils.hasText(keyPrefix) && !StringUtils.containsWhitespace(keyPrefix),
					"keyPrefix must be a non-empty word without whitespace");
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Build the store.
		 * @return the store
		 */
		public RedisIdempotencyStore build() {
			StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);
			redis.afterPropertiesSet();
			return new RedisIdempotencyStore(redis, this.keyPrefix, describe(this.connectionFactory),
					batches(redis, this.connectionFactory));
		}

		private static @Nullable LettuceBatches batches(StringRedisTemplate redis,
				RedisConnectionFactory connectionFactory) {
			if (LETTUCE_PRESENT && connectionFactory instanceof LettuceConnectionFactory lettuce) {
				return new LettuceBatches(new LettuceBatchConnection(lettuce, redis), SCRIPTS,
						lettuce.isClusterAware());
			}
			return null;
		}

		private static String describe(RedisConnectionFactory connectionFactory) {
			if (LETTUCE_PRESENT && connectionFactory instanceof LettuceConnectionFactory lettuce) {
				if (lettuce.getClusterConfiguration() != null) {
					return "redis cluster at " + lettuce.getClusterConfiguration().getClusterNodes();
				}
				return "redis at " + lettuce.getHostName() + ":" + lettuce.getPort();
			}
			return "redis";
		}

	}

}
