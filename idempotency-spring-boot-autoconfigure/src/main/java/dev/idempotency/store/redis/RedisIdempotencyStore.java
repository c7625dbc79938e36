package dev.idempotency.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StreamUtils;
import org.springframework.util.StringUtils;

/**
 * An {@link IdempotencyStore} on Redis (standalone, Sentinel or Cluster).
 *
 * <p>A record is a hash under {@code {prefix}:{group}:{consumer}:{key}} with the fields
 * {@code status}, {@code token} (while in progress), {@code result} and {@code fingerprint}. Each operation is one Lua
 * script on that single key, run with {@code EVALSHA} (reloaded on {@code NOSCRIPT}), so it is
 * atomic and safe on Redis Cluster. Expiry is Redis's own: the key's {@code PEXPIRE} is the lease
 * while in progress and the time to live once completed, so a lapsed lease is simply an absent
 * key, and the application's clock is never consulted.
 */
public class RedisIdempotencyStore implements IdempotencyStore {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			RedisIdempotencyStore.class.getClassLoader());

	private static final RedisScript<List> CLAIM = script("claim", List.class);

	private static final RedisScript<Long> COMPLETE = script("complete", Long.class);

	private static final RedisScript<Long> RELEASE = script("release", Long.class);

	private static final RedisScript<Long> EXTEND = script("extend", Long.class);

	private static final RedisScript<List> FIND = script("find", List.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final String description;

	private final @Nullable LettuceScriptBatch batch;

	private RedisIdempotencyStore(StringRedisTemplate redis, String keyPrefix, String description,
			@Nullable LettuceScriptBatch batch) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.description = description;
		this.batch = batch;
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
		Object[] arguments = (fingerprint != null) ? new Object[] { token, millis(lease), fingerprint }
				: new Object[] { token, millis(lease) };
		return claimResult(this.redis.execute(CLAIM, List.of(key(scope)), arguments), token);
	}

	@Override
	public List<ClaimResult> claimAll(List<OwnedClaim> claims, Duration lease) {
		if (this.batch == null) {
			return IdempotencyStore.super.claimAll(claims, lease);
		}
		List<Object> answers = this.batch.run(CLAIM, claimKeys(claims),
				(i) -> new String[] { claims.get(i).token(), millis(lease) });
		List<ClaimResult> results = new ArrayList<>(answers.size());
		for (int i = 0; i < answers.size(); i++) {
			results.add(claimResult((List<?>) answers.get(i), claims.get(i).token()));
		}
		return results;
	}

	@Override
	public List<Boolean> completeAll(List<OwnedClaim> claims, Duration ttl) {
		if (this.batch == null) {
			return IdempotencyStore.super.completeAll(claims, ttl);
		}
		return this.batch
			.run(COMPLETE, claimKeys(claims),
					(i) -> new String[] { claims.get(i).token(), millis(ttl) })
			.stream()
			.map((answer) -> Long.valueOf(1L).equals(answer))
			.toList();
	}

	@Override
	public void releaseAll(List<OwnedClaim> claims) {
		if (this.batch == null) {
			IdempotencyStore.super.releaseAll(claims);
			return;
		}
		this.batch.run(RELEASE, claimKeys(claims),
				(i) -> new String[] { claims.get(i).token() });
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		Object[] arguments = (result != null) ? new Object[] { token, millis(ttl), result }
				: new Object[] { token, millis(ttl) };
		return this.redis.execute(COMPLETE, List.of(key(scope)), arguments) == 1L;
	}

	@Override
	public void release(RecordScope scope, String token) {
		this.redis.execute(RELEASE, List.of(key(scope)), token);
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		return this.redis.execute(EXTEND, List.of(key(scope)), token, millis(lease)) == 1L;
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordScope scope) {
		List<?> answer = this.redis.execute(FIND, List.of(key(scope)));
		if (answer == null || answer.isEmpty()) {
			return Optional.empty();
		}
		long remainingMillis = Long.parseLong(String.valueOf(answer.get(3)));
		return Optional.of(new IdempotencyRecord(scope, RecordStatus.valueOf((String) answer.get(0)),
				(String) answer.get(1), Instant.now().plusMillis(remainingMillis), (String) answer.get(2),
				(String) answer.get(4)));
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
	 * Return the Redis key of a record: {@code {prefix}:{group}:{consumer}:{key}}.
	 * @param scope the record
	 * @return its key
	 */
	public String key(RecordScope scope) {
		return this.keyPrefix + ":" + scope.group() + ":" + scope.consumer() + ":" + scope.key();
	}

	private List<String> claimKeys(List<OwnedClaim> claims) {
		return claims.stream().map((claim) -> key(claim.scope())).toList();
	}

	private static ClaimResult claimResult(List<?> answer, String token) {
		return switch (String.valueOf(text(answer.get(0)))) {
			case "ACQUIRED" -> ClaimResult.acquired(token);
			case "DUPLICATE" -> ClaimResult.duplicate(element(answer, 1), element(answer, 2));
			default -> ClaimResult.inProgress(element(answer, 2));
		};
	}

	private static @Nullable String element(List<?> answer, int index) {
		return (answer.size() > index) ? text(answer.get(index)) : null;
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
	}

	private static String millis(Duration duration) {
		return Long.toString(Math.max(1, duration.toMillis()));
	}

	@SuppressWarnings("rawtypes")
	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		// Read once: a script made from a resource checks the resource for changes on every call.
		ClassPathResource resource = new ClassPathResource("dev/idempotency/store/redis/" + name + ".lua");
		try (InputStream source = resource.getInputStream()) {
			return RedisScript.of(StreamUtils.copyToString(source, StandardCharsets.UTF_8), resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Redis script " + resource.getPath(), ex);
		}
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
					batch(redis, this.connectionFactory));
		}

		private static @Nullable LettuceScriptBatch batch(StringRedisTemplate redis,
				RedisConnectionFactory connectionFactory) {
			if (LETTUCE_PRESENT && connectionFactory instanceof LettuceConnectionFactory lettuce) {
				return new LettuceScriptBatch(redis, Duration.ofMillis(lettuce.getTimeout()));
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
