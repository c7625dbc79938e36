package dev.idempotency.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.idempotency.store.RecordScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Record scopes, and the hashing of long keys.
 */
class RecordScopesTests {

	private final RecordScopes scopes = new RecordScopes("orders-service", 255);

	@Test
	void scopeHoldsTheGroupConsumerAndKey() {
		assertThat(this.scopes.scope("payments", "order-1"))
			.isEqualTo(new RecordScope("orders-service", "payments", "order-1"));
		assertThat(this.scopes.group()).isEqualTo("orders-service");
	}

	@Test
	void keyOfTheMaximumLengthIsKept() {
		String key = "k".repeat(255);
		assertThat(this.scopes.scope("payments", key).key()).isEqualTo(key);
	}

	@Test
	void keyLongerThanTheMaximumIsStoredAsItsSha256() {
		String key = "k".repeat(256);
		String hashed = this.scopes.scope("payments", key).key();
		assertThat(hashed).isEqualTo(sha256(key)).hasSize(64).matches("[0-9a-f]{64}");
	}

	@Test
	void tenKilobyteKeyIsStoredAsItsSha256() {
		String key = "x".repeat(10 * 1024);
		assertThat(this.scopes.scope("payments", key))
			.isEqualTo(new RecordScope("orders-service", "payments", sha256(key)));
		String other = "x".repeat(10 * 1024 - 1) + "y";
		assertThat(this.scopes.scope("payments", other).key()).isEqualTo(sha256(other)).isNotEqualTo(sha256(key));
	}

	@Test
	void unicodeKeyIsKept() {
		assertThat(this.scopes.scope("payments", "ключ-🔑-鍵").key()).isEqualTo("ключ-🔑-鍵");
	}

	@Test
	void longUnicodeKeyIsHashedFromItsUtf8Bytes() {
		String key = "鍵🔑".repeat(100);
		assertThat(key).hasSize(300);
		assertThat(this.scopes.scope("payments", key).key()).isEqualTo(sha256(key));
	}

	@Test
	void sha256OfTheTestsIsTheStandardOne() {
		assertThat(sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void maximumKeyLengthIsConfigurable() {
		RecordScopes short64 = new RecordScopes("orders-service", 64);
		assertThat(short64.scope("payments", "k".repeat(64)).key()).isEqualTo("k".repeat(64));
		assertThat(short64.scope("payments", "k".repeat(65)).key()).isEqualTo(sha256("k".repeat(65)));
	}

	@Test
	void groupMustNotBeEmpty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RecordScopes(" ", 255))
			.withMessage("group must not be empty");
	}

	@Test
	void maximumKeyLengthMustHoldAHash() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RecordScopes("orders-service", 63))
			.withMessage("maxKeyLength must be at least 64");
	}

	static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			StringBuilder hex = new StringBuilder();
			for (byte b : digest) {
				hex.append(String.format("%02x", b));
			}
			return hex.toString();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
