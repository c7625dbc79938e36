package dev.idempotency.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.ConsumerPolicies;
import dev.idempotency.store.jdbc.SqlIdentifiers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The consumer policies of {@link IdempotencyProperties}, validated when created: the group id,
 * and each consumer's effective policy and key header ({@code idempotency.consumers.<name>.*} over
 * the global values). An invalid value, or a consumer name that no gated listener has, fails with
 * an exception that names the property.
 */
public class PropertiesConsumerPolicies implements ConsumerPolicies {

	private static final int MIN_KEY_LENGTH = 64;

	private final Map<String, ConsumerPolicy> resolved = new ConcurrentHashMap<>();

	private final IdempotencyProperties properties;

	private final String group;

	/**
	 * Validate the properties and resolve the group id.
	 * @param properties the properties
	 * @param environment supplies {@code spring.application.name} when no group id is set
	 * @throws InvalidConfigurationPropertyValueException if a property is invalid
	 */
	public PropertiesConsumerPolicies(IdempotencyProperties properties, Environment environment) {
		this.properties = properties;
		this.group = group(properties, environment);
		requirePositive("idempotency.ttl", properties.getTtl());
		requirePositive("idempotency.lease", properties.getLease());
		properties.getConsumers().forEach((name, consumer) -> {
			requirePositive("idempotency.consumers." + name + ".ttl", consumer.getTtl());
			requirePositive("idempotency.consumers." + name + ".lease", consumer.getLease());
			if (consumer.getKeyHeader() != null) {
				requireHeader("idempotency.consumers." + name + ".key-header", consumer.getKeyHeader());
			}
		});
		if (properties.getMaxKeyLength() < MIN_KEY_LENGTH) {
			throw new InvalidConfigurationPropertyValueException("idempotency.max-key-length",
					properties.getMaxKeyLength(), "It must be at least " + MIN_KEY_LENGTH
							+ ", the length of the SHA-256 that replaces longer keys.");
		}
		if (!StringUtils.hasText(properties.getKeyPrefix()) || StringUtils.containsWhitespace(properties.getKeyPrefix())) {
			throw new InvalidConfigurationPropertyValueException("idempotency.key-prefix", properties.getKeyPrefix(),
					"It must be a non-empty word without whitespace, such as 'idempotency'.");
		}
		requireHeader("idempotency.key-header", properties.getKeyHeader());
		if (properties.getMemory().getMaxEntries() <= 0) {
			throw new InvalidConfigurationPropertyValueException("idempotency.memory.max-entries",
					properties.getMemory().getMaxEntries(), "It must be positive.");
		}
		if (properties.getMaxResultSize().toBytes() < 0) {
			throw new InvalidConfigurationPropertyValueException("idempotency.max-result-size",
					properties.getMaxResultSize(), "It must not be negative; 0 stores no results.");
		}
		IdempotencyProperties.Jdbc jdbc = properties.getJdbc();
		if (!SqlIdentifiers.isPlain(jdbc.getTableName())) {
			throw new InvalidConfigurationPropertyValueException("idempotency.jdbc.table-name", jdbc.getTableName(),
					"It must be a plain SQL identifier: letters, digits and underscores, not starting with a digit, "
							+ "at most 63 characters, such as 'idempotency_record'.");
		}
		requirePositive("idempotency.jdbc.cleanup.interval", jdbc.getCleanup().getInterval());
		if (jdbc.getCleanup().getBatchSize() <= 0) {
			throw new InvalidConfigurationPropertyValueException("idempotency.jdbc.cleanup.batch-size",
					jdbc.getCleanup().getBatchSize(), "It must be positive.");
		}
	}

	/**
	 * Return the id of the group whose records this application shares.
	 * @return the group id
	 */
	public String group() {
		return this.group;
	}

	@Override
	public ConsumerPolicy resolve(String consumer) {
		return this.resolved.computeIfAbsent(consumer, this::settingsOf);
	}

	/**
	 * Return the header that holds the key of a consumer's messages when its listener gives no
	 * key expression.
	 * @param consumer the consumer name
	 * @return {@code idempotency.consumers.<name>.key-header}, else {@code idempotency.key-header}
	 */
	public String keyHeader(String consumer) {
		IdempotencyProperties.Consumer overrides = this.properties.getConsumers().get(consumer);
		return or((overrides != null) ? overrides.getKeyHeader() : null, this.properties.getKeyHeader());
	}

	/**
	 * Check that every name under {@code idempotency.consumers} is the consumer of a gated
	 * listener or is declared {@code template-only}. Without any gated listener the application
	 * uses only {@link dev.idempotency.IdempotencyTemplate}, whose consumers are named at run
	 * time, and no name is checked.
	 * @param listenerConsumers the consumers of the gated listeners
	 * @throws InvalidConfigurationPropertyValueException if a name is neither
	 */
	public void checkConsumers(Collection<String> listenerConsumers) {
		if (listenerConsumers.isEmpty()) {
			return;
		}
		this.properties.getConsumers().forEach((name, consumer) -> {
			if (!consumer.isTemplateOnly() && !listenerConsumers.contains(name)) {
				throw new InvalidConfigurationPropertyValueException("idempotency.consumers", name,
						"No gated listener has this consumer name; the consumers of the gated listeners are "
								+ new TreeSet<>(listenerConsumers).stream()
									.map((known) -> "'" + known + "'")
									.collect(Collectors.joining(", "))
								+ ". Correct the name, or set idempotency.consumers." + name
								+ ".template-only=true if only IdempotencyTemplate uses it.");
			}
		});
	}

	private ConsumerPolicy settingsOf(String consumer) {
		IdempotencyProperties global = this.properties;
		IdempotencyProperties.Consumer overrides = global.getConsumers().get(consumer);
		if (overrides == null) {
			return new ConsumerPolicy(consumer, global.getTtl(), global.getLease(), global.getOnMissingKey(),
					global.getOnInProgress(), global.getOnStoreError(), global.getStoreWrites());
		}
		return new ConsumerPolicy(consumer, or(overrides.getTtl(), global.getTtl()),
				or(overrides.getLease(), global.getLease()), or(overrides.getOnMissingKey(), global.getOnMissingKey()),
				or(overrides.getOnInProgress(), global.getOnInProgress()),
				or(overrides.getOnStoreError(), global.getOnStoreError()),
				or(overrides.getStoreWrites(), global.getStoreWrites()));
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private static String group(IdempotencyProperties properties, Environment environment) {
		String group = properties.getGroupId();
		if (!StringUtils.hasText(group)) {
			group = environment.getProperty("spring.application.name");
		}
		if (!StringUtils.hasText(group)) {
			throw new InvalidConfigurationPropertyValueException("idempotency.group-id", group,
					"Idempotency records are scoped by a group id: set idempotency.group-id, or "
							+ "spring.application.name, to a name shared by every instance of this application.");
		}
		return group;
	}

	private static void requireHeader(String property, String header) {
		if (!StringUtils.hasText(header)) {
			throw new InvalidConfigurationPropertyValueException(property, header,
					"It must name a message header, such as 'idempotency-key'.");
		}
	}

	private static void requirePositive(String property, @Nullable Duration duration) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new InvalidConfigurationPropertyValueException(property, duration,
					"It must be a positive duration, such as '5m' or '7d'.");
		}
	}

}
