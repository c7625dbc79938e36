package dev.idempotency.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;

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

	private final MeterRegistry meters;

	Demo(KafkaTemplate<String, Object> kafka, Ledger ledger, MeterRegistry meters) {
		this.kafka = kafka;
		this.ledger = ledger;
		this.meters = meters;
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
		awaitDeliveries(COPIES * (PAYMENT_COUNT + REFUND_COUNT), Duration.ofSeconds(60));
		System.out.printf("Demo summary: messages=%d unique=%d processed=%d duplicates-skipped=%d%n",
				(long) outcomes(null), PAYMENT_COUNT + REFUND_COUNT, this.ledger.entries(), (long) outcomes("duplicate"));
	}

	private void awaitDeliveries(int messages, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (outcomes(null) < messages) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Only " + (long) outcomes(null) + " of " + messages
						+ " deliveries reached the gate within " + timeout);
			}
			Thread.sleep(100);
		}
	}

	/** Deliveries the gate counted, for one outcome or for all. */
	private double outcomes(String outcome) {
		var search = this.meters.find("idempotency.messages");
		if (outcome != null) {
			search = search.tag("outcome", outcome);
		}
		return search.counters().stream().mapToDouble(Counter::count).sum();
	}

}
