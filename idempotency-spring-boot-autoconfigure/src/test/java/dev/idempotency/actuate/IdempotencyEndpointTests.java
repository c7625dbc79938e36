package dev.idempotency.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.store.redis.RedisTestServer;
import dev.idempotency.test.FaultProxy;
import dev.idempotency.test.SharedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code idempotency} endpoint and health indicator over real HTTP, with a Kafka listener on
 * the embedded broker and the Redis store behind a {@link FaultProxy}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.consumer.auto-offset-reset=earliest", "idempotency.store=redis",
				"idempotency.group-id=endpoint-${random.uuid}", "idempotency.ttl=1h", "idempotency.lease=2m",
				"spring.data.redis.timeout=2s", "management.endpoints.web.exposure.include=idempotency,health",
				"management.endpoint.health.show-details=always" })
@ExtendWith(SharedKafkaBroker.class)
class IdempotencyEndpointTests {

	private static final FaultProxy proxy = RedisTestServer.proxy();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private Map<String, AtomicInteger> runs;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", proxy::port);
	}

	@AfterAll
	static void stopProxy() {
		proxy.close();
	}

	@Test
	void listsTheGatedListeners() throws Exception {
		HttpResponse<String> response = get("/actuator/idempotency");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode gate = this.json.readTree(response.body());
		assertThat(gate.get("group").asString()).startsWith("endpoint-");
		assertThat(gate.get("store").asString()).isEqualTo("redis");
		assertThat(gate.get("listeners")).hasSize(1);
		JsonNode listener = gate.get("listeners").get(0);
		assertThat(listener.get("method").asString()).isEqualTo("Orders.on(String)");
		assertThat(listener.get("consumer").asString()).isEqualTo("endpoint-orders");
		assertThat(listener.get("ttl").asString()).isEqualTo("PT1H");
		assertThat(listener.get("lease").asString()).isEqualTo("PT2M");
		assertThat(listener.get("key").asString()).isEqualTo("#payload");
	}

	@Test
	void readsAndDeletesARecordSoThatTheMessageRunsAgain() throws Exception {
		this.kafka.send("endpoint-orders", "order-1");
		await().atMost(Duration.ofSeconds(30)).until(() -> runs("order-1") == 1);
		HttpResponse<String> read = get("/actuator/idempotency/endpoint-orders/order-1");
		assertThat(read.statusCode()).isEqualTo(200);
		JsonNode record = this.json.readTree(read.body());
		assertThat(record.get("consumer").asString()).isEqualTo("endpoint-orders");
		assertThat(record.get("key").asString()).isEqualTo("order-1");
		assertThat(record.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(record.get("resultStored").asBoolean()).isFalse();
		assertThat(record.get("resultSize").asInt()).isZero();
		assertThat(record.has("result")).isFalse();
		assertThat(get("/actuator/idempotency/endpoint-orders/order-unknown").statusCode()).isEqualTo(404);

		this.kafka.send("endpoint-orders", "order-1");
		this.kafka.send("endpoint-orders", "order-2");
		await().atMost(Duration.ofSeconds(30)).until(() -> runs("order-2") == 1);
		assertThat(runs("order-1")).isEqualTo(1);

		HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/actuator/idempotency/endpoint-orders/order-1"))
			.DELETE()
			.build());
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(deleted.body()).get("deleted").asBoolean()).isTrue();
		assertThat(get("/actuator/idempotency/endpoint-orders/order-1").statusCode()).isEqualTo(404);

		this.kafka.send("endpoint-orders", "order-1");
		await().atMost(Duration.ofSeconds(30)).until(() -> runs("order-1") == 2);
	}

	@Test
	void healthIsDownWhileTheStoreIsUnreachableAndUpAgainAfter() throws Exception {
		assertHealth(200, "UP");
		proxy.cut();
		try {
			assertHealth(503, "DOWN");
		}
		finally {
			proxy.restore();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertHealth(200, "UP"));
	}

	private void assertHealth(int status, String state) throws Exception {
		HttpResponse<String> response = get("/actuator/health/idempotency");
		assertThat(response.statusCode()).isEqualTo(status);
		JsonNode health = this.json.readTree(response.body());
		assertThat(health.get("status").asString()).isEqualTo(state);
		assertThat(health.get("details").get("store").asString()).isEqualTo("redis at 127.0.0.1:" + proxy.port());
	}

	private int runs(String order) {
		AtomicInteger count = this.runs.get(order);
		return (count != null) ? count.get() : 0;
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		Map<String, AtomicInteger> runs() {
			return new ConcurrentHashMap<>();
		}

		@Bean
		Orders orders(Map<String, AtomicInteger> runs) {
			return new Orders(runs);
		}

	}

	static class Orders {

		private final Map<String, AtomicInteger> runs;

		Orders(Map<String, AtomicInteger> runs) {
			this.runs = runs;
		}

		@KafkaListener(id = "endpoint-orders", topics = "endpoint-orders")
		@Idempotent(key = "#payload")
		void on(String order) {
			assertThat(MDC.get("idempotency.key")).isEqualTo(order);
			this.runs.computeIfAbsent(order, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

}
