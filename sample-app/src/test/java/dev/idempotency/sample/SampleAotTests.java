package dev.idempotency.sample;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample after the build's Spring AOT processing (the {@code process-aot} execution of the
 * build): the demo runs from the generated context, and the native-image metadata generated for
 * it holds the starter's hints.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleAotTests {

	private static final String METADATA = "META-INF/native-image/dev.idempotency/sample-app/reachability-metadata.json";

	@Test
	void demoRunsFromTheAotGeneratedContext(CapturedOutput output) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Demo.PAYMENTS, Demo.REFUNDS);
		broker.afterPropertiesSet();
		System.setProperty(AotDetector.AOT_ENABLED, "true");
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// the generated initializer is named after the main class, which the test runner's is not
		application.setMainApplicationClass(SampleApplication.class);
		try (ConfigurableApplicationContext context = application
			.run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString())) {
			RootBeanDefinition listener = (RootBeanDefinition) context.getBeanFactory()
				.getBeanDefinition("paymentListener");
			assertThat(listener.getInstanceSupplier()).as("generated instance supplier").isNotNull();
		}
		finally {
			System.clearProperty(AotDetector.AOT_ENABLED);
			broker.destroy();
		}
		assertThat(output.getOut().lines().filter((line) -> line.startsWith("Demo summary:")))
			.containsExactly("Demo summary: messages=300 unique=100 processed=100 duplicates-skipped=200");
	}

	@Test
	void nativeImageMetadataHoldsTheStartersHints() throws IOException {
		JsonNode metadata;
		try (InputStream json = new ClassPathResource(METADATA).getInputStream()) {
			metadata = JsonMapper.shared().readTree(json);
		}
		assertThat(elements(metadata.get("resources"))).extracting((resource) -> resource.path("glob").stringValue(""))
			.as("resources the stores read")
			.contains("dev/idempotency/store/redis/*.lua", "dev/idempotency/store/jdbc/schema-*.sql");
		List<JsonNode> reflection = elements(metadata.get("reflection"));
		assertThat(reflection).filteredOn((type) -> type.path("allPublicMethods").asBoolean())
			.extracting((type) -> type.path("type").stringValue(""))
			.as("types whose public methods key expressions call")
			.contains("org.apache.kafka.clients.consumer.ConsumerRecord", "org.springframework.amqp.core.Message",
					Payment.class.getName());
		assertThat(reflection).extracting((type) -> type.path("type").stringValue(""))
			.as("the class proxy of the gated listener")
			.anyMatch((type) -> type.startsWith(PaymentListener.class.getName() + "$$SpringCGLIB$$"));
	}

	private static List<JsonNode> elements(JsonNode array) {
		return StreamSupport.stream(array.spliterator(), false).toList();
	}

}
