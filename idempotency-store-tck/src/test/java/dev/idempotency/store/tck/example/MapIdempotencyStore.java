package dev.idempotency.store.tck.example;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordScope;
import org.jspecify.annotations.Nullable;

import static dev.idempotency.store.RecordStatus.COMPLETED;
import static dev.idempotency.store.RecordStatus.IN_PROGRESS;

/**
 * The example store of the README's "Writing a store": every operation is one atomic
 * {@code compute} on a map.
 */
public class MapIdempotencyStore implements IdempotencyStore {

	private final ConcurrentHashMap<RecordScope, IdempotencyRecord> records = new ConcurrentHashMap<>();

	@Override
	public ClaimResult claim(RecordScope scope, String token, Duration lease, @Nullable String fingerprint) {
		ClaimResult[] answer = { ClaimResult.acquired(token) };
		this.records.compute(scope, (key, held) -> {
			if (!live(held) || (held.status() == IN_PROGRESS && token.equals(held.ownerToken()))) {
				return new IdempotencyRecord(scope, IN_PROGRESS, token, in(lease), null, fingerprint);
			}
			answer[0] = (held.status() == COMPLETED) ? ClaimResult.duplicate(held.result(), held.fingerprint())
					: ClaimResult.inProgress(held.fingerprint());
			return held;
		});
		return answer[0];
	}

	@Override
	public boolean complete(RecordScope scope, String token, Duration ttl, @Nullable String result) {
		return replaceOwned(scope, token,
				(held) -> new IdempotencyRecord(scope, COMPLETED, null, in(ttl), result, held.fingerprint()));
	}

	@Override
	public void release(RecordScope scope, String token) {
		replaceOwned(scope, token, (held) -> null);
	}

	@Override
	public boolean extend(RecordScope scope, String token, Duration lease) {
		return replaceOwned(scope, token,
				(held) -> new IdempotencyRecord(scope, IN_PROGRESS, token, in(lease), null, held.fingerprint()));
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordScope scope) {
		return Optional.ofNullable(this.records.get(scope)).filter(MapIdempotencyStore::live);
	}

	@Override
	public boolean delete(RecordScope scope) {
		return live(this.records.remove(scope));
	}

	@Override
	public String type() {
		return "map";
	}

	private boolean replaceOwned(RecordScope scope, String token, UnaryOperator<IdempotencyRecord> change) {
		boolean[] owned = { false };
		this.records.computeIfPresent(scope, (key, held) -> {
			owned[0] = live(held) && held.status() == IN_PROGRESS && token.equals(held.ownerToken());
			return owned[0] ? change.apply(held) : held;
		});
		return owned[0];
	}

	private static boolean live(@Nullable IdempotencyRecord held) {
		return held != null && held.expiresAt().isAfter(Instant.now());
	}

	private static Instant in(Duration duration) {
		return Instant.now().plus(duration);
	}

}
