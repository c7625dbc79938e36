package dev.idempotency.core;

/**
 * Gives the policy of each consumer: its own settings over the global defaults.
 */
@FunctionalInterface
public interface ConsumerPolicies {

	/**
	 * Return the policy of a consumer.
	 * @param consumer the consumer name
	 * @return its effective policy
	 */
	ConsumerPolicy resolve(String consumer);

}
