package dev.idempotency.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import dev.idempotency.store.RecordStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * The Redis store of the previous version, which kept each record as a hash: its single operations
 * as it ran them, on its own scripts ({@code hash-records/*.lua}, copied unchanged from that
 * version), so that tests can write records as an instance not yet upgraded does and run one
 * beside the current store. Its batches were the same scripts, one per key.
 */
@SuppressWarnings("rawtypes")
final class HashRecordStore implements IdempotencyStore {

	private static final RedisScript<List> CLAIM = script("claim", List.class);

	private static final RedisScript<Long> COMPLETE = script("complete", Long.class);

	private static final RedisScript<Long> RELEASE = script("release", Long.class);

	private static final RedisScript<Long> EXTEND = script("extend", Long.class);

	private static final RedisScript<List> FIND = script("find", List.class);

	private final StringRedisTemplate redis;

	private final RedisIdempotencyStore keys;

	HashRecordStore(RedisConnectionFactory connectionFactory) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.redis.afterPropertiesSet();
		this.keys = RedisIdempotencyStore.builder(connectionFactory).build();
	}

	@Override
	public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
		Object[] arguments = (fingerprint != null) ? new Object[] { token, millis(lease), fingerprint }
				: new Object[] { token, millis(lease) };
		List<?> answer = this.redis.execute(CLAIM, List.of(this.keys.key(scope)), arguments);
		return switch (String.valueOf(answer.get(0))) {
			case "ACQUIRED" -> ClaimResult.acquired(token);
			case "DUPLICATE" -> ClaimResult.duplicate(element(answer, 1), element(answer, 2));
			default -> ClaimResult.inProgress(element(answer, 2));
		};
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		Object[] arguments = (result != null) ? new Object[] { token, millis(ttl), result }
				: new Object[] { token, millis(ttl) };
		return this.redis.execute(COMPLETE, List.of(this.keys.key(scope)), arguments) == 1L;
	}

	@Override
	public void release(RecordScope scope, String token) {
		this.redis.execute(RELEASE, List.of(this.keys.key(scope)), token);
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		return this.redis.execute(EXTEND, List.of(this.keys.key(scope)), token, millis(lease)) == 1L;
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordScope scope) {
		List<?> answer = this.redis.execute(FIND, List.of(this.keys.key(scope)));
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
		return Boolean.TRUE.equals(this.redis.delete(this.keys.key(scope)));
	}

	@Override
	public String type() {
		return "redis";
	}

	private static @Nullable String element(List<?> answer, int index) {
		return (answer.size() > index) ? (String) answer.get(index) : null;
	}

	private static String millis(Duration duration) {
		return Long.toString(Math.max(1, duration.toMillis()));
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		ClassPathResource resource = new ClassPathResource("dev/idempotency/store/redis/hash-records/" + name + ".lua");
		try (InputStream source = resource.getInputStream()) {
			return RedisScript.of(StreamUtils.copyToString(source, StandardCharsets.UTF_8), resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
