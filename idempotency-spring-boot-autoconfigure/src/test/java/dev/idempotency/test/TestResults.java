package dev.idempotency.test;

import dev.idempotency.autoconfigure.support.JsonResultCodec;
import dev.idempotency.core.StoredResults;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

/**
 * The stored-result conversion of a default configuration, for tests that build a gate by hand.
 */
public final class TestResults {

	private TestResults() {
	}

	/**
	 * Return JSON results capped at 64 KB, as {@code idempotency.max-result-size} defaults.
	 * @return the conversion
	 */
	public static StoredResults json() {
		return new StoredResults(new JsonResultCodec(JsonMapper.shared()), DataSize.ofKilobytes(64));
	}

}
