package dev.idempotency.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.idempotency.core.InProgressPolicy;
import dev.idempotency.core.MissingKeyPolicy;
import dev.idempotency.core.StoreErrorPolicy;
import dev.idempotency.core.StoreWrites;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the idempotency gate.
 */
@ConfigurationProperties("idempotency")
public class IdempotencyProperties {

	/**
	 * Whether to enable the idempotency gate.
	 */
	private boolean enabled = true;

	/**
	 * Store of idempotency records. 'auto' uses Redis when a RedisConnectionFactory exists,
	 * else the in-memory store with a warning.
	 */
	private Store store = Store.AUTO;

	/**
	 * Id of the application group whose records are shared. Defaults to
	 * 'spring.application.name'.
	 */
	private @Nullable String groupId;

	/**
	 * Consumer name of every listener that names none in @Idempotent. Listeners sharing a
	 * consumer share records. Defaults to the listener id, else 'SimpleClassName.method'.
	 */
	private @Nullable String consumerName;

	/**
	 * How long a completed record is kept. A copy of a message that arrives later is processed
	 * again.
	 */
	private Duration ttl = Duration.ofDays(7);

	/**
	 * How long a claim stays valid without completion. A delivery that finds a claim older than
	 * this takes it over. Keep it above the longest run of a listener.
	 */
	private Duration lease = Duration.ofMinutes(5);

	/**
	 * Prefix of the store's record keys ('{prefix}:{group}:{consumer}:{key}' in Redis).
	 */
	private String keyPrefix = "idempotency";

	/**
	 * Message header that holds the key when @Idempotent gives no key expression.
	 */
	private String keyHeader = "idempotency-key";

	/**
	 * Length above which a key is stored as its SHA-256 (64 hexadecimal characters).
	 */
	private int maxKeyLength = 255;

	/**
	 * Largest listener result stored for duplicates, as JSON. A larger result is returned to its
	 * first caller but not stored, with a warning.
	 */
	private DataSize maxResultSize = DataSize.ofKilobytes(64);

	/**
	 * Whether every @KafkaListener method is idempotent without @Idempotent, unless annotated
	 * with @SkipIdempotency.
	 */
	private boolean autoListeners;

	/**
	 * What to do with a message without a key: 'reject' throws IdempotencyKeyException (not
	 * retryable), 'process' runs the listener without the gate.
	 */
	private MissingKeyPolicy onMissingKey = MissingKeyPolicy.REJECT;

	/**
	 * What to do with a copy of a message whose processing is in progress elsewhere: 'retry'
	 * waits, at most for the lease, then throws IdempotencyInProgressException (retryable);
	 * 'skip' acknowledges it at once.
	 */
	private InProgressPolicy onInProgress = InProgressPolicy.RETRY;

	/**
	 * What to do when the store fails: 'reject' throws IdempotencyStoreException (retryable,
	 * nothing is lost), 'process' runs the listener without the gate.
	 */
	private StoreErrorPolicy onStoreError = StoreErrorPolicy.REJECT;

	/**
	 * When listener deliveries write to the store: 'per-poll' sends the completions of a Kafka
	 * poll together, before the container commits its offsets; 'per-record' completes each record
	 * before its listener call returns. RabbitMQ listeners always write per record.
	 */
	private StoreWrites storeWrites = StoreWrites.PER_POLL;

	/**
	 * Order of the advice that puts the gate around idempotent methods. The default, the lowest
	 * precedence, is the default order of @Transactional too, and the gate runs inside the
	 * transaction. A lower value (higher precedence) runs the gate outside advice of a higher
	 * value, such as the transaction.
	 */
	private int aspectOrder = Ordered.LOWEST_PRECEDENCE;

	private final Memory memory = new Memory();

	private final Jdbc jdbc = new Jdbc();

	/**
	 * Per-consumer settings, by consumer name, over the global ones.
	 */
	private final Map<String, Consumer> consumers = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public @Nullable String getGroupId() {
		return this.groupId;
	}

	public void setGroupId(@Nullable String groupId) {
		this.groupId = groupId;
	}

	public @Nullable String getConsumerName() {
		return this.consumerName;
	}

	public void setConsumerName(@Nullable String consumerName) {
		this.consumerName = consumerName;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Duration getLease() {
		return this.lease;
	}

	public void setLease(Duration lease) {
		this.lease = lease;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public String getKeyHeader() {
		return this.keyHeader;
	}

	public void setKeyHeader(String keyHeader) {
		this.keyHeader = keyHeader;
	}

	public int getMaxKeyLength() {
		return this.maxKeyLength;
	}

	public void setMaxKeyLength(int maxKeyLength) {
		this.maxKeyLength = maxKeyLength;
	}

	public DataSize getMaxResultSize() {
		return this.maxResultSize;
	}

	public void setMaxResultSize(DataSize maxResultSize) {
		this.maxResultSize = maxResultSize;
	}

	public boolean isAutoListeners() {
		return this.autoListeners;
	}

	public void setAutoListeners(boolean autoListeners) {
		this.autoListeners = autoListeners;
	}

	public MissingKeyPolicy getOnMissingKey() {
		return this.onMissingKey;
	}

	public void setOnMissingKey(MissingKeyPolicy onMissingKey) {
		this.onMissingKey = onMissingKey;
	}

	public InProgressPolicy getOnInProgress() {
		return this.onInProgress;
	}

	public void setOnInProgress(InProgressPolicy onInProgress) {
		this.onInProgress = onInProgress;
	}

	public StoreErrorPolicy getOnStoreError() {
		return this.onStoreError;
	}

	public void setOnStoreError(StoreErrorPolicy onStoreError) {
		this.onStoreError = onStoreError;
	}

	public StoreWrites getStoreWrites() {
		return this.storeWrites;
	}

	public void setStoreWrites(StoreWrites storeWrites) {
		this.storeWrites = storeWrites;
	}

	public int getAspectOrder() {
		return this.aspectOrder;
	}

	public void setAspectOrder(int aspectOrder) {
		this.aspectOrder = aspectOrder;
	}

	public Memory getMemory() {
		return this.memory;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Map<String, Consumer> getConsumers() {
		return this.consumers;
	}

	/**
	 * Store types.
	 */
	public enum Store {

		/**
		 * Detect the store from the application: Redis when a RedisConnectionFactory exists,
		 * else JDBC when a DataSource exists, else the in-memory store, with a warning.
		 */
		AUTO,

		/**
		 * The Redis store, on the application's RedisConnectionFactory.
		 */
		REDIS,

		/**
		 * The JDBC store, on the application's DataSource.
		 */
		JDBC,

		/**
		 * The in-memory store: single JVM, records lost on restart.
		 */
		MEMORY

	}

	/**
	 * In-memory store settings.
	 */
	public static class Memory {

		/**
		 * Number of records the memory store holds: a new record in a full store evicts a lapsed claim,
		 * else the record completed longest ago.
		 */
		private int maxEntries = 100_000;

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/**
	 * JDBC store settings.
	 */
	public static class Jdbc {

		/**
		 * Name of the table of records, a plain SQL identifier.
		 */
		private String tableName = "idempotency_record";

		/**
		 * When to create the table with the schema script shipped for the database.
		 */
		private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

		private final Cleanup cleanup = new Cleanup();

		public String getTableName() {
			return this.tableName;
		}

		public void setTableName(String tableName) {
			this.tableName = tableName;
		}

		public InitializeSchema getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(InitializeSchema initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public Cleanup getCleanup() {
			return this.cleanup;
		}

		/**
		 * When the JDBC store creates its table.
		 */
		public enum InitializeSchema {

			/**
			 * Only for an embedded database, such as H2 in memory.
			 */
			EMBEDDED,

			/**
			 * On every start; the scripts create the table only if it does not exist.
			 */
			ALWAYS,

			/**
			 * Never: the table must exist.
			 */
			NEVER

		}

		/**
		 * Scheduled deletion of expired records.
		 */
		public static class Cleanup {

			/**
			 * Whether to delete expired records on a schedule.
			 */
			private boolean enabled = true;

			/**
			 * Time between two cleanups.
			 */
			private Duration interval = Duration.ofMinutes(1);

			/**
			 * Most records one delete statement removes.
			 */
			private int batchSize = 1000;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public Duration getInterval() {
				return this.interval;
			}

			public void setInterval(Duration interval) {
				this.interval = interval;
			}

			public int getBatchSize() {
				return this.batchSize;
			}

			public void setBatchSize(int batchSize) {
				this.batchSize = batchSize;
			}

		}

	}

	/**
	 * Settings of one consumer. Unset values fall back to the global ones.
	 */
	public static class Consumer {

		/**
		 * How long a completed record of this consumer is kept. Defaults to 'idempotency.ttl'.
		 */
		private @Nullable Duration ttl;

		/**
		 * How long a claim of this consumer stays valid without completion. Defaults to
		 * 'idempotency.lease'.
		 */
		private @Nullable Duration lease;

		/**
		 * What to do with a message of this consumer without a key. Defaults to
		 * 'idempotency.on-missing-key'.
		 */
		private @Nullable MissingKeyPolicy onMissingKey;

		/**
		 * What to do with a copy of a message of this consumer whose processing is in progress
		 * elsewhere. Defaults to 'idempotency.on-in-progress'.
		 */
		private @Nullable InProgressPolicy onInProgress;

		/**
		 * What to do with a message of this consumer when the store fails. Defaults to
		 * 'idempotency.on-store-error'.
		 */
		private @Nullable StoreErrorPolicy onStoreError;

		/**
		 * When the listener deliveries of this consumer write to the store. Defaults to
		 * 'idempotency.store-writes'.
		 */
		private @Nullable StoreWrites storeWrites;

		/**
		 * Message header that holds the key for the listeners of this consumer whose
		 * @Idempotent gives no key expression. Defaults to 'idempotency.key-header'.
		 */
		private @Nullable String keyHeader;

		/**
		 * Whether this consumer is used only through IdempotencyTemplate, by no listener method:
		 * its name is then not checked against the consumers of the gated listeners.
		 */
		private boolean templateOnly;

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Duration getLease() {
			return this.lease;
		}

		public void setLease(@Nullable Duration lease) {
			this.lease = lease;
		}

		public @Nullable MissingKeyPolicy getOnMissingKey() {
			return this.onMissingKey;
		}

		public void setOnMissingKey(@Nullable MissingKeyPolicy onMissingKey) {
			this.onMissingKey = onMissingKey;
		}

		public @Nullable InProgressPolicy getOnInProgress() {
			return this.onInProgress;
		}

		public void setOnInProgress(@Nullable InProgressPolicy onInProgress) {
			this.onInProgress = onInProgress;
		}

		public @Nullable StoreErrorPolicy getOnStoreError() {
			return this.onStoreError;
		}

		public void setOnStoreError(@Nullable StoreErrorPolicy onStoreError) {
			this.onStoreError = onStoreError;
		}

		public @Nullable StoreWrites getStoreWrites() {
			return this.storeWrites;
		}

		public void setStoreWrites(@Nullable StoreWrites storeWrites) {
			this.storeWrites = storeWrites;
		}

		public @Nullable String getKeyHeader() {
			return this.keyHeader;
		}

		public void setKeyHeader(@Nullable String keyHeader) {
			this.keyHeader = keyHeader;
		}

		public boolean isTemplateOnly() {
			return this.templateOnly;
		}

		public void setTemplateOnly(boolean templateOnly) {
			this.templateOnly = templateOnly;
		}

	}

}
