package dev.idempotency.store.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints of {@link RedisIdempotencyStore}: the Lua scripts it reads from the class path
 * when it is loaded, one per operation. Registered when Spring Data Redis is on the class path,
 * whether the store is auto-configured or built by the application.
 */
class RedisIdempotencyStoreRuntimeHints implements RuntimeHintsRegistrar {

	/** The scripts, as {@link RedisIdempotencyStore} names them. */
	static final String SCRIPTS = "dev/idempotency/store/redis/*.lua";

	private static final String REDIS_SCRIPT = "org.springframework.data.redis.core.script.RedisScript";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (ClassUtils.isPresent(REDIS_SCRIPT, classLoader)) {
			hints.resources().registerPattern(SCRIPTS);
		}
	}

}
