package dev.idempotency.benchmarks.support;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.idempotency.autoconfigure.IdempotencyAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a Spring Boot application as a user would have it: the starter's auto-configuration
 * (and Spring Boot's AOP and Redis auto-configuration) with an {@code @Idempotent} bean and the
 * same body un-gated. No {@code MeterRegistry} is defined, so the gate records no metrics.
 */
public final class GateApplication {

	/** The group id of every benchmark record. */
	public static final String GROUP = "bench";

	private GateApplication() {
	}

	/**
	 * Start the application on a store.
	 * @param store {@code memory} or {@code redis}
	 * @param extraSources further configuration classes
	 * @param extraProperties further properties, as {@code name=value}
	 * @return the running context; close it after use
	 */
	public static ConfigurableApplicationContext start(String store, Class<?>[] extraSources,
			String... extraProperties) {
		Class<?>[] sources = new Class<?>[extraSources.length + 1];
		sources[0] = Handlers.class;
		System.arraycopy(extraSources, 0, sources, 1, extraSources.length);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.application.name", GROUP);
		properties.put("idempotency.store", store);
		properties.put("idempotency.key-prefix", "bench-" + MessageKeys.RUN);
		properties.put("idempotency.ttl", RedisStoreApplication.TTL.toMinutes() + "m");
		properties.put("spring.data.redis.url", BenchmarkServers.redisUrl());
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.log-startup-info", "false");
		for (String property : extraProperties) {
			int separator = property.indexOf('=');
			properties.put(property.substring(0, separator), property.substring(separator + 1));
		}
		return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE).properties(properties).run();
	}

	/**
	 * Start the application on a store, with no further configuration.
	 * @param store {@code memory} or {@code redis}
	 * @return the running context; close it after use
	 */
	public static ConfigurableApplicationContext start(String store) {
		return start(store, new Class<?>[0]);
	}

	/**
	 * The auto-configuration and the two handlers.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, DataRedisAutoConfiguration.class,
			IdempotencyAutoConfiguration.class })
	static class Handlers {

		@Bean
		PaymentHandler paymentHandler() {
			return new PaymentHandler();
		}

		@Bean
		IdempotentPaymentHandler idempotentPaymentHandler() {
			return new IdempotentPaymentHandler();
		}

	}

}
