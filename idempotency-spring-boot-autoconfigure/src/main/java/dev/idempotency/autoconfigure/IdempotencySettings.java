package dev.idempotency.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.idempotency.core.ConsumerSettings;
import dev.idempotency.core.ConsumerSettingsResolver;
import dev.idempotency.store.jdbc.SqlIdentifiers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The validated settings of {@link IdempotencyProperties}: the group id, and each consumer's
 * effective settings ({@code idempotency.consumers.<name>.*} over the global values). An invalid
 * value fails with an exception that names the property.
 */
public class IdempotencySettings implements ConsumerSettingsResolver {

	private static final int MIN_KEY_LENGTH = 64;

	private final Map<String, ConsumerSettings> resolved = new ConcurrentHashMap<>();

	private final IdempotencyProperties properties;

	private final String group;

	/**
	 * Validate the properties and resolve the group id.
	 * @param properties the properties
	 * @param environment supplies {@code spring.application.name} when no group id is set
	 * @throws InvalidConfigurationPropertyValueException if a property is invalid
	 */
	public IdempotencySettings(IdempotencyProperties properties, Environment environment) {
		this.properties = properties;
		this.group = group(properties, environment);
		requirePositive("idempotency.ttl", properties.getTtl());
		requirePositive("idempotency.lease", properties.getLease());
		properties.getConsumers().forEach((name, consumer) -> {
			requirePositive("idempotency.consumers." + name + ".ttl", consumer.getTtl());
			requirePositive("idempotency.consumers." + name + ".lease", consumer.getLease());
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
		if (!StringUtils.hasText(properties.getKeyHeader())) {
			throw new InvalidConfigurationPropertyValueException("idempotency.key-header", properties.getKeyHeader(),
					"It must name a message header, such as 'idempotency-key'.");
		}
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
	public ConsumerSettings resolve(String consumer) {
		return this.resolved.computeIfAbsent(consumer, this::settingsOf);
	}

	private ConsumerSettings settingsOf(String consumer) {
		IdempotencyProperties.Consumer overrides = this.properties.getConsumers().get(consumer);
		Duration ttl = this.properties.getTtl();
		Duration lease = this.properties.getLease();
		if (overrides != null) {
			ttl = (overrides.getTtl() != null) ? overrides.getTtl() : ttl;
			lease = (overrides.getLease() != null) ? overrides.getLease() : lease;
		}
		return new ConsumerSettings(consumer, ttl, lease, this.properties.getOnMissingKey(),
				this.properties.getOnInProgress(), this.properties.getOnStoreError());
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

	private static void requirePositive(String property, @Nullable Duration duration) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new InvalidConfigurationPropertyValueException(property, duration,
					"It must be a positive duration, such as '5m' or '7d'.");
		}
	}

}
