package dev.idempotency.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The batch operations of {@link RedisIdempotencyStore}, each one write on the store's
 * {@link LettuceBatchConnection}: claims as {@code SET … NX PX … GET}, then one more write of
 * {@code reclaim.lua} for the few keys that need the claim's second step; completions, extensions
 * and releases as their scripts, and one more write of {@code EVAL} for the keys whose node lost its
 * script cache. On Redis Cluster each command goes to the master of its key's slot.
 */
final class LettuceBatches implements AutoCloseable {

	private final LettuceBatchConnection connection;

	private final RedisScripts scripts;

	LettuceBatches(LettuceBatchConnection connection, RedisScripts scripts) {
		this.connection = connection;
		this.scripts = scripts;
	}

	List<ClaimResult> claimAll(List<String> keys, List<OwnedClaim> claims, Duration lease) {
		int count = claims.size();
		List<byte[]> keyBytes = bytes(keys);
		List<String> tokens = claims.stream().map((claim) -> RedisRecord.spell(claim.token())).toList();
		SetArgs absentOnly = SetArgs.Builder.nx().px(RedisScripts.milliseconds(lease));
		List<RedisFuture<byte[]>> answers = this.connection.send(count, (commands, i) -> commands
			.setGet(keyBytes.get(i), bytes(RedisRecord.claimed(tokens.get(i), null)), absentOnly));
		List<@Nullable String> found = new ArrayList<>(count);
		List<Integer> again = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Throwable error = error(answers.get(i));
			if (error != null && !RedisRecord.isOtherType(error)) {
				throw failed(error);
			}
			String record = (error != null) ? null : text(answers.get(i).toCompletableFuture().join());
			if (error != null || (record != null && RedisRecord.isClaimedBy(record, tokens.get(i)))) {
				// the caller's own live claim, or a hash record of earlier versions
				again.add(i);
			}
			found.add(record);
		}
		if (!again.isEmpty()) {
			List<Object> reclaimed = eval(this.scripts.reclaim(), ScriptOutputType.VALUE,
					again.stream().map(keyBytes::get).toList(), again.stream()
						.map((i) -> arguments(RedisScripts.reclaimArguments(tokens.get(i), lease, null)))
						.toList());
			for (int j = 0; j < again.size(); j++) {
				found.set(again.get(j), text(reclaimed.get(j)));
			}
		}
		List<ClaimResult> results = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			results.add(RedisRecord.claimAnswer(keys.get(i), found.get(i), claims.get(i).token()));
		}
		return results;
	}

	List<Boolean> completeAll(List<String> keys, List<OwnedClaim> claims, Duration ttl) {
		return ownerOnly(this.scripts.complete(), keys, claims, ttl);
	}

	List<Boolean> extendAll(List<String> keys, List<OwnedClaim> claims, Duration lease) {
		return ownerOnly(this.scripts.extend(), keys, claims, lease);
	}

	void releaseAll(List<String> keys, List<OwnedClaim> claims) {
		eval(this.scripts.release(), ScriptOutputType.INTEGER, bytes(keys),
				claims.stream().map((claim) -> arguments(RedisRecord.spell(claim.token()))).toList());
	}

	@Override
	public void close() {
		this.connection.close();
	}

	/**
	 * Run a script that changes a record for its owner only, given the owner's token and a time
	 * to live; answer, for each claim, whether it was still owned.
	 */
	private List<Boolean> ownerOnly(RedisScript<Long> script, List<String> keys, List<OwnedClaim> claims,
			Duration expiry) {
		String millis = RedisScripts.millis(expiry);
		return eval(script, ScriptOutputType.INTEGER, bytes(keys),
				claims.stream().map((claim) -> arguments(RedisRecord.spell(claim.token()), millis)).toList())
			.stream()
			.map((answer) -> Long.valueOf(1L).equals(answer))
			.toList();
	}

	private List<Object> eval(RedisScript<?> script, ScriptOutputType output, List<byte[]> keys,
			List<byte[][]> arguments) {
		String sha1 = script.getSha1();
		List<RedisFuture<Object>> answers = new ArrayList<>(this.connection.send(keys.size(),
				(commands, i) -> commands.evalsha(sha1, output, new byte[][] { keys.get(i) }, arguments.get(i))));
		List<Integer> unknown = new ArrayList<>();
		for (int i = 0; i < answers.size(); i++) {
			if (error(answers.get(i)) instanceof RedisNoScriptException) {
				unknown.add(i);
			}
		}
		if (!unknown.isEmpty()) {
			byte[] body = bytes(script.getScriptAsString());
			List<RedisFuture<Object>> loaded = this.connection.send(unknown.size(), (commands, j) -> commands
				.eval(body, output, new byte[][] { keys.get(unknown.get(j)) }, arguments.get(unknown.get(j))));
			for (int j = 0; j < unknown.size(); j++) {
				answers.set(unknown.get(j), loaded.get(j));
			}
		}
		List<Object> results = new ArrayList<>(answers.size());
		for (RedisFuture<Object> answer : answers) {
			Throwable error = error(answer);
			if (error != null) {
				throw failed(error);
			}
			results.add(answer.toCompletableFuture().join());
		}
		return results;
	}

	private static @Nullable Throwable error(RedisFuture<?> answer) {
		try {
			answer.toCompletableFuture().join();
			return null;
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
		catch (CancellationException ex) {
			return ex;
		}
	}

	private static RuntimeException failed(Throwable error) {
		return new RedisSystemException("Redis batch command failed: " + error.getMessage(), error);
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	private static List<byte[]> bytes(List<String> values) {
		return values.stream().map(LettuceBatches::bytes).toList();
	}

	private static byte[][] arguments(String... values) {
		byte[][] result = new byte[values.length][];
		for (int i = 0; i < values.length; i++) {
			result[i] = bytes(values[i]);
		}
		return result;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
