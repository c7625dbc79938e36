package dev.idempotency.benchmarks.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.idempotency.benchmarks.support.GateApplication;
import dev.idempotency.benchmarks.support.MessageKeys;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Messages through a real broker: spring-kafka-test's embedded KRaft broker, one topic of
 * {@value #PARTITIONS} partitions filled with distinct payments, then consumed by a record listener
 * and by a batch listener (container concurrency 1), each without and with {@code @Idempotent} on
 * the Redis store, in turn, each pass by a fresh consumer group and, for the gate, fresh records.
 *
 * @param messages the messages in the topic
 * @param rounds measured rounds, after one warm-up round
 * @param passTimeout the longest a pass may take
 */
public record KafkaEndToEnd(int messages, int rounds, Duration passTimeout) {

	static final String TOPIC = "bench-payments";

	static final String LISTENER = "bench-listener";

	static final int PARTITIONS = 3;

	/**
	 * The run as configured by system properties ({@code bench.kafka.messages},
	 * {@code bench.kafka.rounds}), else 100,000 messages and 2 measured rounds.
	 * @return the run
	 */
	public static KafkaEndToEnd fromSystemProperties() {
		return new KafkaEndToEnd(Integer.getInteger("bench.kafka.messages", 100_000),
				Integer.getInteger("bench.kafka.rounds", 2), Duration.ofSeconds(90));
	}

	/**
	 * Start the broker, fill the topic, and time every pass.
	 * @return the passes, warm-up first
	 * @throws InterruptedException if interrupted
	 */
	public List<KafkaPass> run() throws InterruptedException {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC);
		broker.afterPropertiesSet();
		try {
			publish(broker.getBrokersAsString());
			List<KafkaPass> passes = new ArrayList<>();
			for (int round = 0; round <= this.rounds; round++) {
				for (ListenerKind listener : ListenerKind.values()) {
					passes.add(consume(broker.getBrokersAsString(), listener, round));
				}
			}
			return passes;
		}
		finally {
			broker.destroy();
		}
	}

	private void publish(String brokers) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
				ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65536);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < this.messages; i++) {
				String payment = "payment-" + MessageKeys.RUN + "-" + i;
				producer.send(new ProducerRecord<>(TOPIC, payment, payment));
			}
			producer.flush();
		}
	}

	private KafkaPass consume(String brokers, ListenerKind listener, int round) throws InterruptedException {
		String pass = listener.name().toLowerCase(Locale.ROOT) + "-" + MessageKeys.RUN + "-" + round;
		List<String> properties = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + brokers,
				"spring.kafka.consumer.auto-offset-reset=earliest", "bench.kafka.group=" + pass,
				"bench.kafka.messages=" + this.messages, "idempotency.group-id=kafka-" + pass));
		properties.addAll(List.of(listener.properties()));
		try (ConfigurableApplicationContext context = GateApplication.start("redis",
				new Class<?>[] { KafkaSetup.class, listener.listenerClass() }, properties.toArray(String[]::new))) {
			Arrivals arrivals = context.getBean(Arrivals.class);
			boolean complete = arrivals.await(this.passTimeout);
			return new KafkaPass(listener, round, arrivals.received(), arrivals.messagesPerSecond(), complete);
		}
	}

}
