package dev.idempotency.store.redis;

import java.io.IOException;
import java.util.Arrays;

import dev.idempotency.test.AotFactories;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lua scripts of {@link RedisIdempotencyStore} are resources of a native image.
 */
class RedisIdempotencyStoreRuntimeHintsTests {

	private static final String SCRIPTS = "dev/idempotency/store/redis/";

	@Test
	void everyShippedScriptIsRegisteredThroughAotFactories() throws IOException {
		RuntimeHints hints = AotFactories.runtimeHints();
		Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath*:" + SCRIPTS + "*.lua");
		assertThat(scripts).extracting(Resource::getFilename)
			.containsExactlyInAnyOrder("claim.lua", "complete.lua", "extend.lua", "find.lua", "reclaim.lua", "release.lua");
		Arrays.stream(scripts)
			.forEach((script) -> assertThat(RuntimeHintsPredicates.resource().forResource(SCRIPTS + script.getFilename()))
				.as(script.getFilename())
				.accepts(hints));
	}

	@Test
	void onlyTheScriptsAreRegistered() {
		RuntimeHints hints = AotFactories.runtimeHints();
		assertThat(RuntimeHintsPredicates.resource().forResource(SCRIPTS + "claim.txt")).rejects(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/idempotency/store/claim.lua")).rejects(hints);
	}

	@Test
	void withoutSpringDataRedisNoScriptIsRegistered() {
		RuntimeHints hints = new RuntimeHints();
		new RedisIdempotencyStoreRuntimeHints().registerHints(hints, new FilteredClassLoader(RedisScript.class));
		assertThat(RuntimeHintsPredicates.resource().forResource(SCRIPTS + "reclaim.lua")).rejects(hints);
	}

}
