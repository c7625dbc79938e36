package dev.idempotency.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.idempotency.actuate.IdempotencyEndpoint;
import dev.idempotency.actuate.IdempotencyEndpoint.RecordDescriptor;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.store.RecordStatus;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code idempotency} endpoint reads and deletes Redis records of both formats: the strings of
 * this version and the hashes of the previous one.
 */
class RedisIdempotencyEndpointTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisIdempotencyStore store;

	private final RecordScopes scopes = new RecordScopes("endpoint-" + UUID.randomUUID(), 255);

	private final IdempotencyEndpoint endpoint = new IdempotencyEndpoint(store, this.scopes, List::of);

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.connectionFactory();
		store = RedisIdempotencyStore.builder(connectionFactory).build();
	}

	@AfterAll
	static void disconnect() {
		store.close();
		connectionFactory.destroy();
	}

	@Test
	void readsAndDeletesRecordsOfBothFormats() {
		HashRecordStore earlier = new HashRecordStore(connectionFactory);
		String token = Tokens.next();
		earlier.claim(this.scopes.scope("payments", "hash-held"), token, Duration.ofMinutes(5), "fp-1");
		earlier.claim(this.scopes.scope("payments", "hash-done"), token, Duration.ofMinutes(5));
		earlier.complete(this.scopes.scope("payments", "hash-done"), token, Duration.ofHours(1), "{\"id\":\"ü\"}");
		store.claim(this.scopes.scope("payments", "string-held"), token, Duration.ofMinutes(5), "fp-1");
		store.claim(this.scopes.scope("payments", "string-done"), token, Duration.ofMinutes(5));
		store.complete(this.scopes.scope("payments", "string-done"), token, Duration.ofHours(1), "{\"id\":\"ü\"}");

		for (String format : List.of("hash", "string")) {
			assertRecord(format + "-held", RecordStatus.IN_PROGRESS, Duration.ofMinutes(5), 0);
			assertRecord(format + "-done", RecordStatus.COMPLETED, Duration.ofHours(1), 11);
			assertThat(this.endpoint.delete("payments", format + "-done")).isEqualTo(Map.of("deleted", true));
			assertThat(this.endpoint.record("payments", format + "-done")).isNull();
		}
	}

	private void assertRecord(String key, RecordStatus status, Duration expiry, int resultSize) {
		RecordDescriptor record = this.endpoint.record("payments", key);
		assertThat(record).as(key).isNotNull();
		assertThat(record.key()).isEqualTo(key);
		assertThat(record.status()).isEqualTo(status);
		assertThat(record.expiresAt()).isBetween(Instant.now().plus(expiry).minusSeconds(60), Instant.now().plus(expiry));
		assertThat(record.resultStored()).isEqualTo(resultSize > 0);
		assertThat(record.resultSize()).isEqualTo(resultSize);
	}

}
