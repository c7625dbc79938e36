package dev.idempotency.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The batch operations of {@link RedisIdempotencyStore}, each one write on the store's
 * {@link LettuceBatchConnection}, whose every operation is one call of its script for up to
 * {@value #KEYS_PER_CALL} keys: claims as {@code claim.lua}, a {@code SET … NX PX … GET} of each
 * key, then one more write of {@code reclaim.lua} for the few keys that need the claim's second
 * step; completions, extensions and releases as their scripts. One more write of {@code EVAL}
 * follows for the calls whose node lost its script cache. On Redis Cluster a script
 * call takes the keys of one hash slot, and each command goes to the master of its slot.
 */
final class LettuceBatches implements AutoCloseable {

	/**
	 * The most keys of one script call: a call runs alone on the server, for about a microsecond
	 * per key, and holds its arguments and answer in memory at once.
	 */
	static final int KEYS_PER_CALL = 500;

	/** What {@code claim.lua} answers for a key that holds a hash record of earlier versions. */
	private static final String OTHER_TYPE = "WRONGTYPE";

	private final LettuceBatchConnection connection;

	private final RedisScripts scripts;

	private final boolean cluster;

	LettuceBatches(LettuceBatchConnection connection, RedisScripts scripts, boolean cluster) {
		this.connection = connection;
		this.scripts = scripts;
		this.cluster = cluster;
	}

	List<ClaimResult> claimAll(List<String> keys, List<OwnedClaim> claims, Duration lease) {
		int count = claims.size();
		List<String> tokens = claims.stream().map((claim) -> RedisRecord.spell(claim.token())).toList();
		List<List<Integer>> groups = groups(keys);
		List<Object> answers = eval(this.scripts.claim(), ScriptOutputType.MULTI,
				calls(keys, groups, (i) -> RedisRecord.claimed(tokens.get(i), null), RedisScripts.millis(lease)));
		List<@Nullable String> found = new ArrayList<>(Collections.nCopies(count, null));
		List<Integer> again = new ArrayList<>();
		for (int g = 0; g < groups.size(); g++) {
			List<?> records = (List<?>) answers.get(g);
			for (int j = 0; j < records.size(); j++) {
				int i = groups.get(g).get(j);
				String record = text(records.get(j));
				if (OTHER_TYPE.equals(record) || (record != null && RedisRecord.isClaimedBy(record, tokens.get(i)))) {
					// the caller's own live claim, or a hash record of earlier versions
					again.add(i);
				}
				else {
					found.set(i, record);
				}
			}
		}
		if (!again.isEmpty()) {
			List<Object> reclaimed = eval(this.scripts.reclaim(), ScriptOutputType.VALUE, again.stream()
				.map((i) -> new ScriptCall(new byte[][] { bytes(keys.get(i)) },
						arguments(RedisScripts.reclaimArguments(tokens.get(i), lease, null))))
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
		eval(this.scripts.release(), ScriptOutputType.INTEGER, calls(keys, groups(keys), spelledTokens(claims)));
	}

	@Override
	public void close() {
		this.connection.close();
	}

	/**
	 * Run a script that changes records for their owners only, given a time to live and each
	 * owner's token, and that answers the positions of the records that were not owned; answer,
	 * for each claim, whether it was still owned.
	 */
	private List<Boolean> ownerOnly(RedisScript<?> script, List<String> keys, List<OwnedClaim> claims,
			Duration expiry) {
		List<List<Integer>> groups = groups(keys);
		List<Object> answers = eval(script, ScriptOutputType.MULTI,
				calls(keys, groups, spelledTokens(claims), RedisScripts.millis(expiry)));
		Boolean[] owned = new Boolean[claims.size()];
		Arrays.fill(owned, Boolean.TRUE);
		for (int g = 0; g < groups.size(); g++) {
			for (Object lost : (List<?>) answers.get(g)) {
				owned[groups.get(g).get(((Long) lost).intValue() - 1)] = Boolean.FALSE;
			}
		}
		return List.of(owned);
	}

	/**
	 * Return the positions of the keys in the groups that one script call takes each.
	 */
	private List<List<Integer>> groups(List<String> keys) {
		List<List<Integer>> groups = new ArrayList<>();
		Map<Integer, List<Integer>> slots = new HashMap<>();
		for (int i = 0; i < keys.size(); i++) {
			int slot = this.cluster ? SlotHash.getSlot(keys.get(i)) : 0;
			List<Integer> group = slots.get(slot);
			if (group == null || group.size() == KEYS_PER_CALL) {
				group = new ArrayList<>();
				groups.add(group);
				slots.put(slot, group);
			}
			group.add(i);
		}
		return groups;
	}

	/**
	 * Return the calls of a script, one for each group of keys, whose arguments are
	 * {@code leading}, then one for each key of the group, or only one when it is the same for
	 * every key of the group (the claims of one instance share its token).
	 */
	private static List<ScriptCall> calls(List<String> keys, List<List<Integer>> groups, IntFunction<String> argument,
			String... leading) {
		List<ScriptCall> calls = new ArrayList<>(groups.size());
		for (List<Integer> group : groups) {
			byte[][] keyBytes = new byte[group.size()][];
			String[] values = new String[group.size()];
			boolean shared = true;
			for (int j = 0; j < group.size(); j++) {
				int i = group.get(j);
				keyBytes[j] = bytes(keys.get(i));
				values[j] = argument.apply(i);
				shared = shared && values[j].equals(values[0]);
			}
			byte[][] arguments = new byte[leading.length + (shared ? 1 : values.length)][];
			for (int j = 0; j < arguments.length; j++) {
				arguments[j] = bytes((j < leading.length) ? leading[j] : values[j - leading.length]);
			}
			calls.add(new ScriptCall(keyBytes, arguments));
		}
		return calls;
	}

	/**
	 * Return the owner token of the claim at an index, as records spell it.
	 */
	private static IntFunction<String> spelledTokens(List<OwnedClaim> claims) {
		return (i) -> RedisRecord.spell(claims.get(i).token());
	}

	private List<Object> eval(RedisScript<?> script, ScriptOutputType output, List<ScriptCall> calls) {
		String sha1 = script.getSha1();
		List<RedisFuture<Object>> answers = new ArrayList<>(this.connection.send(calls.size(),
				(commands, i) -> commands.evalsha(sha1, output, calls.get(i).keys(), calls.get(i).arguments())));
		List<Integer> unknown = new ArrayList<>();
		for (int i = 0; i < answers.size(); i++) {
			if (error(answers.get(i)) instanceof RedisNoScriptException) {
				unknown.add(i);
			}
		}
		if (!unknown.isEmpty()) {
			byte[] body = bytes(script.getScriptAsString());
			List<RedisFuture<Object>> loaded = this.connection.send(unknown.size(), (commands, j) -> commands
				.eval(body, output, calls.get(unknown.get(j)).keys(), calls.get(unknown.get(j)).arguments()));
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

	/**
	 * One call of a script: its keys and arguments.
	 */
	private record ScriptCall(byte[][] keys, byte[][] arguments) {
	}

}
