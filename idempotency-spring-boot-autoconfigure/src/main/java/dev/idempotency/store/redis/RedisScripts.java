package dev.idempotency.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * The Lua scripts of {@link RedisIdempotencyStore}, each read once from the class path, and the
 * arguments they take.
 */
final class RedisScripts {

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> claim = script("claim", List.class);

	private final RedisScript<String> reclaim = script("reclaim", String.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> complete = script("complete", List.class);

	private final RedisScript<Long> release = script("release", Long.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> extend = script("extend", List.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> find = script("find", List.class);

	/** The first step of a batch of claims: {@code SET … NX PX … GET} of each key. */
	@SuppressWarnings("rawtypes")
	RedisScript<List> claim() {
		return this.claim;
	}

	/** The claim's second step: the caller's own live claim, or a hash record. */
	RedisScript<String> reclaim() {
		return this.reclaim;
	}

	/** Completes records for their owners and answers the positions of those it did not own. */
	@SuppressWarnings("rawtypes")
	RedisScript<List> complete() {
		return this.complete;
	}

	RedisScript<Long> release() {
		return this.release;
	}

	/** Extends the leases of claims and answers the positions of those it did not own. */
	@SuppressWarnings("rawtypes")
	RedisScript<List> extend() {
		return this.extend;
	}

	@SuppressWarnings("rawtypes")
	RedisScript<List> find() {
		return this.find;
	}

	/**
	 * Return the arguments of {@code reclaim.lua}.
	 * @param spelledToken the caller's token, as records spell it
	 * @param lease the lease of the claim
	 * @param fingerprint the fingerprint of the claim, or {@code null}
	 * @return the arguments
	 */
	static String[] reclaimArguments(String spelledToken, Duration lease, @Nullable String fingerprint) {
		String claimed = RedisRecord.claimed(spelledToken, fingerprint);
		return (fingerprint != null) ? new String[] { spelledToken, millis(lease), claimed, fingerprint }
				: new String[] { spelledToken, millis(lease), claimed };
	}

	static String millis(Duration duration) {
		return Long.toString(milliseconds(duration));
	}

	static long milliseconds(Duration duration) {
		return Math.max(1, duration.toMillis());
	}

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

}
