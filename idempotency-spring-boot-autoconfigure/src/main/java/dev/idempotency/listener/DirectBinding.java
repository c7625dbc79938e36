package dev.idempotency.listener;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The binding of an annotated method that no broker adapter recognises: the first argument is
 * the payload, and there are no headers and nothing to acknowledge.
 */
final class DirectBinding implements ListenerBinding {

	static final DirectBinding INSTANCE = new DirectBinding();

	private DirectBinding() {
	}

	@Override
	public InboundMessage message(Object[] arguments) {
		Object payload = (arguments.length > 0) ? arguments[0] : null;
		return new InboundMessage() {

			@Override
			public @Nullable Object raw() {
				return payload;
			}

			@Override
			public @Nullable Object payload() {
				return payload;
			}

			@Override
			public Map<String, Object> headers() {
				return Map.of();
			}

			@Override
			public @Nullable String header(String name) {
				return null;
			}

		};
	}

	@Override
	public void acknowledgeSkipped(Object[] arguments) {
	}

}
