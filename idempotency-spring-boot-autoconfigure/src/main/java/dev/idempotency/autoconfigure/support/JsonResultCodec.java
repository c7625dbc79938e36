package dev.idempotency.autoconfigure.support;

import java.lang.reflect.Type;

import dev.idempotency.core.ResultCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link ResultCodec} that stores results as JSON through Jackson, never through Java
 * serialization.
 */
public class JsonResultCodec implements ResultCodec {

	private final JsonMapper mapper;

	/**
	 * Create a codec.
	 * @param mapper the mapper, usually the application's own so that its modules apply
	 */
	public JsonResultCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public String encode(Object result) {
		return this.mapper.writeValueAsString(result);
	}

	@Override
	public @Nullable Object decode(String text, Type type) {
		return this.mapper.readValue(text, this.mapper.constructType(type));
	}

}
