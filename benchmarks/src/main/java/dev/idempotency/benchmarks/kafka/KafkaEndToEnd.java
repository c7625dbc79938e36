package dev.idempotency.benchmarks.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.idempotency.benchmarks.support.BenchmarkServers;
import dev.idempotency.benchmarks.support.GateApplication;
import dev.idempotency.benchmarks.support.MessageKeys;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Messages through a real broker: spring-kafka-test's embedded KRaft broker, two topics of
 * {@value #PARTITIONS} partitions filled with distinct payments, then consumed by each
 * {@link ListenerKind} in turn (container concurrency 1), each pass by a fresh consumer group
 * and, for the gate, fresh records. The listeners whose body inserts a row read the smaller
 * topic: a database round trip per message is slower by orders of magnitude.
 *
 * @param messages the messages in the topic of the in-memory body
 * @param databaseMessages the messages in the topic of the body that inserts a row
 * @param rounds measured rounds, after one warm-up round
 * @param passTimeout the longest a pass may take
 * @param listeners the listeners that consume, in this order
 */
public record KafkaEndToEnd(int messages, int databaseMessages, int rounds, Duration passTimeout,
		List<ListenerKind> listeners) {

	static final String TOPIC = "bench-payments";

	static final String DATABASE_TOPIC = "bench-payments-rows";

	static final String LISTENER = "bench-listener";

	static final int PARTITIONS = 3;

	/**
	 * The run as configured by system properties ({@code bench.kafka.messages},
	 * {@code bench.kafka.database-messages}, {@code bench.kafka.rounds}, {@code bench.kafka.listeners}
	 * as listener names separated by commas), else 100,000 messages, 10,000 for the database
	 * body, 2 measured rounds, and every listener.
	 * @return the run
	 */
	public static KafkaEndToEnd fromSystemProperties() {
		String listeners = System.getProperty("bench.kafka.listeners");
		return new KafkaEndToEnd(Integer.getInteger("bench.kafka.messages", 100_000),
				Integer.getInteger("bench.kafka.database-messages", 10_000), Integer.getInteger("bench.kafka.rounds", 2),
				Duration.ofSeconds(90), (listeners != null)
						? Arrays.stream(listeners.split(",")).map(String::trim).map(ListenerKind::valueOf).toList()
						: List.of(ListenerKind.values()));
	}

	/**
	 * Start the broker, fill the topic, and time every pass.
	 * @return the passes, warm-up first
	 * @throws InterruptedException if interrupted
	 */
	public List<KafkaPass> run() throws InterruptedException {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC, DATABASE_TOPIC);
		broker.afterPropertiesSet();
		try {
			publish(broker.getBrokersAsString(), TOPIC, this.messages);
			publish(broker.getBrokersAsString(), DATABASE_TOPIC, this.databaseMessages);
			List<KafkaPass> passes = new ArrayList<>();
			for (int round = 0; round <= this.rounds; round++) {
				for (ListenerKind listener : this.listeners) {
					passes.add(consume(broker.getBrokersAsString(), listener, round));
				}
			}
			return passes;
		}
		finally {
			broker.destroy();
		}
	}

	private void publish(String brokers, String topic, int count) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
				ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65536);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < count; i++) {
				String payment = "payment-" + MessageKeys.RUN + "-" + i;
				producer.send(new ProducerRecord<>(topic, payment, payment));
			}
			producer.flush();
		}
	}

	private KafkaPass consume(String brokers, ListenerKind listener, int round) throws InterruptedException {
		String pass = listener.name().toLowerCase(Locale.ROOT) + "-" + MessageKeys.RUN + "-" + round;
		boolean rows = listener.insertsRows();
		List<String> properties = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + brokers,
				"spring.kafka.consumer.auto-offset-reset=earliest", "bench.kafka.group=" + pass,
				"bench.kafka.topic=" + (rows ? DATABASE_TOPIC : TOPIC),
				"bench.kafka.expected=" + listener.messages(rows ? this.databaseMessages : this.messages),
				"idempotency.group-id=kafka-" + pass, "spring.datasource.url=" + BenchmarkServers.jdbcUrl(),
				"spring.datasource.username=" + BenchmarkServers.jdbcUser(),
				"spring.datasource.password=" + BenchmarkServers.jdbcPassword()));
		properties.addAll(List.of(listener.properties()));
		Class<?>[] sources = rows ? new Class<?>[] { KafkaSetup.class, DatabaseBodySetup.class, listener.listenerClass() }
				: new Class<?>[] { KafkaSetup.class, listener.listenerClass() };
		try (ConfigurableApplicationContext context = GateApplication.start("redis", sources,
				properties.toArray(String[]::new))) {
			Arrivals arrivals = context.getBean(Arrivals.class);
			boolean complete = arrivals.await(this.passTimeout);
			return new KafkaPass(listener, round, arrivals.received(), arrivals.messagesPerSecond(), complete);
		}
	}

}
