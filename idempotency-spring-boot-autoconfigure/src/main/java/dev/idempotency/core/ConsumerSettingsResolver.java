package dev.idempotency.core;

/**
 * Gives the effective settings of a consumer: its own overrides over the global defaults.
 */
@FunctionalInterface
public interface ConsumerSettingsResolver {

	/**
	 * Return the settings of a consumer.
	 * @param consumer the consumer name
	 * @return its effective settings
	 */
	ConsumerSettings resolve(String consumer);

}
