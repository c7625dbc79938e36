package dev.idempotency.autoconfigure;

import dev.idempotency.IdempotencyTemplate;
import dev.idempotency.listener.rabbit.CurrentRabbitDelivery;
import dev.idempotency.listener.rabbit.RabbitContainerFactoryPostProcessor;
import dev.idempotency.listener.rabbit.RabbitListenerAdapter;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotencyRabbitAutoConfiguration}.
 */
class IdempotencyRabbitAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IdempotencyAutoConfiguration.class, IdempotencyRabbitAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders");

	@Test
	void springRabbitOnTheClasspathGivesTheAdapterAndPostProcessor() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RabbitListenerAdapter.class)
			.hasSingleBean(RabbitContainerFactoryPostProcessor.class));
	}

	@Test
	void withoutSpringRabbitTheGateStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RabbitListener.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RabbitListenerAdapter.class)
				.doesNotHaveBean(RabbitContainerFactoryPostProcessor.class)
				.hasSingleBean(IdempotencyTemplate.class));
	}

	@Test
	void disabledGivesNoRabbitBeans() {
		this.contextRunner.withPropertyValues("idempotency.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RabbitListenerAdapter.class));
	}

	@Test
	void containerFactoryKeepsItsAdviceAndGetsTheGatesOwnInnermost() {
		MethodInterceptor userAdvice = (invocation) -> invocation.proceed();
		this.contextRunner.withBean("rabbitListenerContainerFactory", SimpleRabbitListenerContainerFactory.class, () -> {
			SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
			factory.setAdviceChain(userAdvice);
			return factory;
		}).run((context) -> {
			Advice[] chain = context.getBean(SimpleRabbitListenerContainerFactory.class).getAdviceChain();
			assertThat(chain).hasSize(2);
			assertThat(chain[0]).isSameAs(userAdvice);
			assertThat(chain[1]).isInstanceOf(CurrentRabbitDelivery.class);
		});
	}

}
