package dev.idempotency.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.SkipIdempotency;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.IdempotencyGate;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.InProgressWait;
import dev.idempotency.core.LeaseHeartbeat;
import dev.idempotency.core.RecordCleanup;
import dev.idempotency.core.RecordScopes;
import dev.idempotency.listener.IdempotentMethods;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.test.TestResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotencyAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdempotencyAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, IdempotencyAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders");

	@Test
	void defaultsGiveAMemoryStoreGateTemplateAndAdvisor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(InMemoryIdempotencyStore.class)
				.hasSingleBean(IdempotencyGate.class)
				.hasSingleBean(IdempotencyTemplate.class)
				.hasSingleBean(IdempotentMethods.class)
				.hasSingleBean(Advisor.class);
			assertThat(context.getBean(RecordCleanup.class).isScheduled()).isFalse();
			PropertiesConsumerPolicies policies = context.getBean(PropertiesConsumerPolicies.class);
			assertThat(policies.group()).isEqualTo("orders");
			ConsumerPolicy payments = policies.resolve("payments");
			assertThat(payments.ttl()).isEqualTo(Duration.ofDays(7));
			assertThat(payments.lease()).isEqualTo(Duration.ofMinutes(5));
		});
	}

	@Test
	void groupIdWinsOverApplicationName() {
		this.contextRunner.withPropertyValues("idempotency.group-id=payments-service")
			.run((context) -> assertThat(context.getBean(PropertiesConsumerPolicies.class).group())
				.isEqualTo("payments-service"));
	}

	@Test
	void perConsumerPolicyOverrideTheGlobalOnes() {
		this.contextRunner
			.withPropertyValues("idempotency.ttl=1d", "idempotency.consumers.payments.ttl=30d",
					"idempotency.consumers.payments.lease=1m")
			.run((context) -> {
				PropertiesConsumerPolicies policies = context.getBean(PropertiesConsumerPolicies.class);
				assertThat(policies.resolve("payments").ttl()).isEqualTo(Duration.ofDays(30));
				assertThat(policies.resolve("payments").lease()).isEqualTo(Duration.ofMinutes(1));
				assertThat(policies.resolve("refunds").ttl()).isEqualTo(Duration.ofDays(1));
				assertThat(policies.resolve("refunds").lease()).isEqualTo(Duration.ofMinutes(5));
			});
	}

	@Test
	void disabledRemovesEveryBean() {
		this.contextRunner.withPropertyValues("idempotency.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IdempotencyStore.class)
				.doesNotHaveBean(IdempotencyGate.class)
				.doesNotHaveBean(IdempotencyTemplate.class)
				.doesNotHaveBean(Advisor.class));
	}

	@Test
	void userStoreWins() {
		this.contextRunner.withBean("customStore", IdempotencyStore.class, () -> new InMemoryIdempotencyStore(10))
			.run((context) -> assertThat(context).hasSingleBean(IdempotencyStore.class)
				.hasBean("customStore")
				.doesNotHaveBean("idempotencyStore"));
	}

	@Test
	void userGateWins() {
		this.contextRunner.withUserConfiguration(CustomGateConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(IdempotencyGate.class).hasBean("customGate"));
	}

	@Test
	void zeroTtlStopsTheStart() {
		assertInvalid("idempotency.ttl=0s", "Property idempotency.ttl with value 'PT0S' is invalid: "
				+ "It must be a positive duration, such as '5m' or '7d'.");
	}

	@Test
	void negativeLeaseStopsTheStart() {
		assertInvalid("idempotency.lease=-1s", "Property idempotency.lease with value 'PT-1S' is invalid: "
				+ "It must be a positive duration, such as '5m' or '7d'.");
	}

	@Test
	void zeroConsumerLeaseStopsTheStart() {
		assertInvalid("idempotency.consumers.payments.lease=0s", "Property idempotency.consumers.payments.lease "
				+ "with value 'PT0S' is invalid: It must be a positive duration, such as '5m' or '7d'.");
	}

	@Test
	void shortMaxKeyLengthStopsTheStart() {
		assertInvalid("idempotency.max-key-length=10", "Property idempotency.max-key-length with value '10' is "
				+ "invalid: It must be at least 64, the length of the SHA-256 that replaces longer keys.");
	}

	@Test
	void zeroMemoryBoundStopsTheStart() {
		assertInvalid("idempotency.memory.max-entries=0",
				"Property idempotency.memory.max-entries with value '0' is invalid: It must be positive.");
	}

	@Test
	void blankKeyHeaderStopsTheStart() {
		assertInvalid("idempotency.key-header= ", "Property idempotency.key-header with value '' is invalid: "
				+ "It must name a message header, such as 'idempotency-key'.");
	}

	@Test
	void keyPrefixWithWhitespaceStopsTheStart() {
		assertInvalid("idempotency.key-prefix=my prefix", "Property idempotency.key-prefix with value 'my prefix' "
				+ "is invalid: It must be a non-empty word without whitespace, such as 'idempotency'.");
	}

	@Test
	void unknownStoreStopsTheStartNamingTheProperty() {
		this.contextRunner.withPropertyValues("idempotency.store=mongo").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class)
				.hasStackTraceContaining(BindException.class.getName() + ": Failed to bind properties under "
						+ "'idempotency.store' to dev.idempotency.autoconfigure.IdempotencyProperties$Store");
		});
	}

	@Test
	void missingGroupStopsTheStart() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property idempotency.group-id with value 'null' is invalid: Idempotency records are "
						+ "scoped by a group id: set idempotency.group-id, or spring.application.name, to a name "
						+ "shared by every instance of this application."));
	}

	@Test
	void malformedKeyExpressionStopsTheStartNamingTheMethod() {
		this.contextRunner.withUserConfiguration(MalformedKeyConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Invalid @Idempotent key expression '#payload.' on MalformedKey.handle(String): "
						+ "Expression [#payload.] @8: EL1044E: Unexpectedly ran out of input. Fix the SpEL expression"));
	}

	@Test
	void invalidDurationAttributeStopsTheStartNamingTheMethod() {
		this.contextRunner.withUserConfiguration(InvalidTtlConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Invalid @Idempotent(ttl = \"soon\") on InvalidTtl.handle(String): not a "
						+ "duration. Use a value such as \"30s\", \"5m\", \"7d\" or \"PT1H\"."));
	}

	@Test
	void annotatedBeanIsProxiedAndRunsOncePerKey() {
		this.contextRunner.withUserConfiguration(HandlerConfiguration.class).run((context) -> {
			Handler handler = context.getBean(Handler.class);
			assertThat(AopUtils.isCglibProxy(handler)).isTrue();
			handler.handle("a");
			handler.handle("a");
			handler.handle("b");
			assertThat(context.getBean("runs", AtomicInteger.class)).hasValue(2);
		});
	}

	@Test
	void skippedClassIsNotProxiedAndRunsEveryTime() {
		this.contextRunner.withUserConfiguration(SkippedHandlerConfiguration.class).run((context) -> {
			SkippedHandler handler = context.getBean(SkippedHandler.class);
			assertThat(AopUtils.isAopProxy(handler)).isFalse();
			handler.handle("a");
			handler.handle("a");
			assertThat(context.getBean("runs", AtomicInteger.class)).hasValue(2);
		});
	}

	@Test
	void templateRunsOncePerKey() {
		this.contextRunner.run((context) -> {
			IdempotencyTemplate template = context.getBean(IdempotencyTemplate.class);
			AtomicInteger runs = new AtomicInteger();
			assertThat(template.run("payments", "p-1", runs::incrementAndGet)).isTrue();
			assertThat(template.run("payments", "p-1", runs::incrementAndGet)).isFalse();
			assertThat(template.execute("payments", "p-2", runs::incrementAndGet)).isEqualTo(2);
			assertThat(runs).hasValue(2);
		});
	}

	@Test
	void autoStoreWarnsThatRecordsAreInMemory(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output)
			.contains("Idempotency records are kept in memory: they are lost on restart and not shared between "
					+ "instances"));
	}

	@Test
	void explicitMemoryStoreDoesNotWarn(CapturedOutput output) {
		this.contextRunner.withPropertyValues("idempotency.store=memory")
			.run((context) -> assertThat(output).doesNotContain("Idempotency records are kept in memory"));
	}

	private void assertInvalid(String property, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage(message));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomGateConfiguration {

		@Bean
		IdempotencyGate customGate(IdempotencyStore store) {
			return IdempotencyGate.builder(store, new RecordScopes("custom", 255))
				.inProgressWait(new InProgressWait(Duration.ofMillis(10), Duration.ofMillis(10)))
				.heartbeat(new LeaseHeartbeat())
				.results(TestResults.json())
				.listener(IdempotencyListener.NONE)
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfiguration {

		@Bean
		AtomicInteger runs() {
			return new AtomicInteger();
		}

		@Bean
		Handler handler(AtomicInteger runs) {
			return new Handler(runs);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SkippedHandlerConfiguration {

		@Bean
		AtomicInteger runs() {
			return new AtomicInteger();
		}

		@Bean
		SkippedHandler skippedHandler(AtomicInteger runs) {
			return new SkippedHandler(runs);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MalformedKeyConfiguration {

		@Bean
		MalformedKey malformedKey() {
			return new MalformedKey();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InvalidTtlConfiguration {

		@Bean
		InvalidTtl invalidTtl() {
			return new InvalidTtl();
		}

	}

	static class Handler {

		private final AtomicInteger runs;

		Handler(AtomicInteger runs) {
			this.runs = runs;
		}

		@Idempotent(key = "#p0", consumer = "handler")
		public void handle(String id) {
			this.runs.incrementAndGet();
		}

	}

	@SkipIdempotency
	static class SkippedHandler {

		private final AtomicInteger runs;

		SkippedHandler(AtomicInteger runs) {
			this.runs = runs;
		}

		@Idempotent(key = "#p0", consumer = "skipped")
		public void handle(String id) {
			this.runs.incrementAndGet();
		}

	}

	static class MalformedKey {

		@Idempotent(key = "#payload.")
		public void handle(String payload) {
		}

	}

	static class InvalidTtl {

		@Idempotent(key = "#p0", ttl = "soon")
		public void handle(String payload) {
		}

	}

}
