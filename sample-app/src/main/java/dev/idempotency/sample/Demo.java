package dev.idempotency.sample;

import java.math.BigDecimal;
import java.time.Duration;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes 100 messages three times each, as a producer that retries would, spreading the copies
 * of a message over the three partitions; waits until the gate has seen every delivery, then
 * prints what happened. The rabbit profile runs {@link RabbitDemo} instead.
 */
@Component
@Profile("!rabbit")
class Demo implements ApplicationRunner {

	static final String PAYMENTS = "payments";

	static final String REFUNDS = "refunds";

	private static final int PAYMENT_COUNT = 80;

	private static final int REFUND_COUNT = 20;

	private static final int COPIES = 3;

	private final KafkaTemplate<String, Object> kafka;

	private final Ledger ledger;

	private final GateCounters counters;

	private final Duration timeout;

	Demo(KafkaTemplate<String, Object> kafka, Ledger ledger, GateCounters counters,
			@Value("${demo.timeout:60s}") Duration timeout) {
		this.kafka = kafka;
		this.ledger = ledger;
		this.counters = counters;
		this.timeout = timeout;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		for (int copy = 0; copy < COPIES; copy++) {
			for (int i = 0; i < PAYMENT_COUNT; i++) {
				Payment payment = new Payment("pay-" + i, "customer-" + i, BigDecimal.valueOf(10 + i));
				this.kafka.send(new ProducerRecord<>(PAYMENTS, (i + copy) % 3, payment.paymentId(), payment));
			}
			for (int i = 0; i < REFUND_COUNT; i++) {
				ProducerRecord<String, Object> refund = new ProducerRecord<>(REFUNDS, (i + copy) % 3, null,
						new Refund("customer-" + i, BigDecimal.ONE));
				refund.headers().add("idempotency-key", ("refund-" + i).getBytes());
				this.kafka.send(refund);
			}
		}
		this.kafka.flush();
		this.counters.awaitDeliveries(COPIES * (PAYMENT_COUNT + REFUND_COUNT), this.timeout);
		System.out.printf("Demo summary: messages=%d unique=%d processed=%d duplicates-skipped=%d%n",
				this.counters.deliveries(null), PAYMENT_COUNT + REFUND_COUNT, this.ledger.entries(),
				this.counters.deliveries("duplicate"));
	}

}
