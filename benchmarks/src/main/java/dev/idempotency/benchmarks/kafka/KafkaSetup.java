package dev.idempotency.benchmarks.kafka;

import dev.idempotency.autoconfigure.IdempotencyKafkaAutoConfiguration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot's Kafka auto-configuration, the starter's Kafka integration and the listeners'
 * body.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ KafkaAutoConfiguration.class, IdempotencyKafkaAutoConfiguration.class })
class KafkaSetup {

	@Bean
	Arrivals arrivals(@Value("${bench.kafka.messages}") int messages) {
		return new Arrivals(messages);
	}

}
