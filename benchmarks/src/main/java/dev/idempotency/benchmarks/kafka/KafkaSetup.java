package dev.idempotency.benchmarks.kafka;

import dev.idempotency.autoconfigure.IdempotencyKafkaAutoConfiguration;
import dev.idempotency.benchmarks.support.Payment;
import dev.idempotency.benchmarks.support.PaymentHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot's Kafka auto-configuration, the starter's Kafka integration and the listeners'
 * body: a row inserted per payment where the pass has a {@link PaymentsTable}, else the in-memory
 * benchmark body.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ KafkaAutoConfiguration.class, IdempotencyKafkaAutoConfiguration.class })
class KafkaSetup {

	@Bean
	Arrivals arrivals(@Value("${bench.kafka.expected}") int messages, ObjectProvider<PaymentsTable> table) {
		PaymentsTable rows = table.getIfAvailable();
		if (rows != null) {
			return new Arrivals(messages, rows::insert);
		}
		PaymentHandler payments = new PaymentHandler();
		return new Arrivals(messages, (payment) -> payments.handle(new Payment(payment)));
	}

}
