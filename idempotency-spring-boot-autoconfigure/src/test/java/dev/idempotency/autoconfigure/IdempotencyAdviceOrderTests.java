package dev.idempotency.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import dev.idempotency.core.IdempotencyListener;
import dev.idempotency.core.Outcome;
import dev.idempotency.core.StoreOperation;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the gate runs relative to other advice on the same method: inside {@code @Transactional}
 * by default, outside it when {@code idempotency.aspect-order} gives it a higher precedence, and
 * always inside Spring Framework's {@code @Retryable}, which wraps every advisor already on the
 * bean.
 */
class IdempotencyAdviceOrderTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				IdempotencyAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "idempotency.store=memory")
		.withUserConfiguration(PaymentsConfiguration.class);

	@Test
	void gateRunsInsideTransactionalByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean("idempotencyAdvisor", Ordered.class).getOrder())
				.isEqualTo(Ordered.LOWEST_PRECEDENCE);
			Payments payments = context.getBean(Payments.class);
			payments.charge("p-1");
			payments.charge("p-1");
			assertThat(payments.charges()).containsExactly(true);
			assertThat(context.getBean(GateSightings.class).claimsInTransaction).containsExactly(true, true);
		});
	}

	@Test
	void aspectOrderOfHigherPrecedencePutsTheGateOutsideTransactional() {
		this.contextRunner.withPropertyValues("idempotency.aspect-order=0").run((context) -> {
			assertThat(context.getBean("idempotencyAdvisor", Ordered.class).getOrder()).isZero();
			Payments payments = context.getBean(Payments.class);
			payments.charge("p-1");
			payments.charge("p-1");
			assertThat(payments.charges()).containsExactly(true);
			assertThat(context.getBean(GateSightings.class).claimsInTransaction).containsExactly(false, false);
		});
	}

	@Test
	void retryableRunsEachAttemptThroughTheGate() {
		this.contextRunner.withUserConfiguration(ShipmentsConfiguration.class)
			.run((context) -> assertEachAttemptPassesTheGate(context.getBean(Shipments.class),
					context.getBean(GateSightings.class)));
	}

	@Test
	void retryableWrapsTheGateWhateverTheAspectOrder() {
		this.contextRunner.withUserConfiguration(ShipmentsConfiguration.class)
			.withPropertyValues("idempotency.aspect-order=" + Ordered.HIGHEST_PRECEDENCE)
			.run((context) -> assertEachAttemptPassesTheGate(context.getBean(Shipments.class),
					context.getBean(GateSightings.class)));
	}

	@Test
	void aspectOrderThatIsNotANumberFailsAtStartUp() {
		this.contextRunner.withPropertyValues("idempotency.aspect-order=first")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'idempotency.aspect-order' to java.lang.Integer"));
	}

	/**
	 * Two failed attempts and a third that succeeds: each attempt is a delivery to the gate, whose
	 * claim the failure releases, so the next attempt runs the body again; a later copy is a
	 * duplicate.
	 */
	private static void assertEachAttemptPassesTheGate(Shipments shipments, GateSightings gate) {
		shipments.ship("s-1");
		shipments.ship("s-1");
		assertThat(shipments.attempts()).isEqualTo(3);
		assertThat(gate.outcomes).containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.PROCESSED,
				Outcome.DUPLICATE);
	}

	@Configuration(proxyBeanMethods = false)
	static class PaymentsConfiguration {

		@Bean
		GateSightings gateSightings() {
			return new GateSightings();
		}

		@Bean
		Payments payments() {
			return new Payments();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods
	static class ShipmentsConfiguration {

		@Bean
		Shipments shipments() {
			return new Shipments();
		}

	}

	/**
	 * What the gate sees: whether a transaction is active when it claims, and its outcomes.
	 */
	static class GateSightings implements IdempotencyListener {

		final List<Boolean> claimsInTransaction = new CopyOnWriteArrayList<>();

		final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

		@Override
		public void onStoreRequest(StoreOperation operation, long nanos, boolean success) {
			if (operation == StoreOperation.CLAIM) {
				this.claimsInTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
			}
		}

		@Override
		public void onOutcome(String consumer, Outcome outcome) {
			this.outcomes.add(outcome);
		}

	}

	/**
	 * Charges in a transaction; its state is read through methods, since the bean is a class
	 * proxy.
	 */
	static class Payments {

		private final List<Boolean> charges = new CopyOnWriteArrayList<>();

		public List<Boolean> charges() {
			return this.charges;
		}

		@Idempotent(key = "#p0", consumer = "payments")
		@Transactional
		public void charge(String id) {
			this.charges.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

	}

	/**
	 * Fails the first two attempts to ship.
	 */
	static class Shipments {

		private final AtomicInteger attempts = new AtomicInteger();

		public int attempts() {
			return this.attempts.get();
		}

		@Idempotent(key = "#p0", consumer = "shipments")
		@Retryable(maxRetries = 2, delay = 0)
		public void ship(String id) {
			if (this.attempts.incrementAndGet() < 3) {
				throw new IllegalStateException("Carrier unavailable, attempt " + this.attempts);
			}
		}

	}

}
