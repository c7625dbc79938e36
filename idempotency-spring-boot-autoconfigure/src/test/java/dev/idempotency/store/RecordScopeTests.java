package dev.idempotency.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Two scopes are the same record when group, consumer and key are all equal.
 */
class RecordScopeTests {

	private final RecordScope scope = new RecordScope("orders", "payments", "m-1");

	@Test
	void scopesOfEqualPartsAreEqualAndHashAlike() {
		RecordScope same = new RecordScope(new String("orders"), new String("payments"), new String("m-1"));
		assertThat(same).isEqualTo(this.scope).hasSameHashCodeAs(this.scope);
	}

	@Test
	void scopesDifferingInAnyPartAreNotEqual() {
		assertThat(new RecordScope("other", "payments", "m-1")).isNotEqualTo(this.scope);
		assertThat(new RecordScope("orders", "other", "m-1")).isNotEqualTo(this.scope);
		assertThat(new RecordScope("orders", "payments", "m-2")).isNotEqualTo(this.scope);
		assertThat(this.scope).isNotEqualTo("orders:payments:m-1");
	}

	@Test
	void everyPartIsRequired() {
		assertThatNullPointerException().isThrownBy(() -> new RecordScope(null, "payments", "m-1"))
			.withMessage("group must not be null");
		assertThatNullPointerException().isThrownBy(() -> new RecordScope("orders", null, "m-1"))
			.withMessage("consumer must not be null");
		assertThatNullPointerException().isThrownBy(() -> new RecordScope("orders", "payments", null))
			.withMessage("key must not be null");
	}

	@Test
	void partsAreNotConfusedWithOneAnother() {
		assertThat(new RecordScope("payments", "orders", "m-1")).isNotEqualTo(this.scope);
		assertThat(new RecordScope("a", "bc", "k")).isNotEqualTo(new RecordScope("ab", "c", "k"));
	}

}
