package dev.idempotency.sample;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The rabbit profile's demo: publishes 100 shipments twice each, every copy with the same
 * {@code message_id}, as a producer that retries would; waits until the gate has seen every
 * delivery, then prints what happened and how many messages the queue still holds.
 */
@Configuration(proxyBeanMethods = false)
@Profile("rabbit")
class RabbitDemo implements ApplicationRunner {

	static final String SHIPMENTS = "sample-shipments";

	private static final int SHIPMENT_COUNT = 100;

	private static final int COPIES = 2;

	private final RabbitTemplate rabbit;

	private final AmqpAdmin admin;

	private final Ledger ledger;

	private final MeterRegistry meters;

	RabbitDemo(RabbitTemplate rabbit, AmqpAdmin admin, Ledger ledger, MeterRegistry meters) {
		this.rabbit = rabbit;
		this.admin = admin;
		this.ledger = ledger;
		this.meters = meters;
	}

	/** Deleted once the listener disconnects, so that a run leaves nothing behind. */
	@Bean
	static Queue shipmentsQueue() {
		return new Queue(SHIPMENTS, false, false, true);
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		for (int i = 0; i < SHIPMENT_COUNT; i++) {
			String shipment = "shipment-" + i;
			for (int copy = 0; copy < COPIES; copy++) {
				this.rabbit.convertAndSend("", SHIPMENTS, shipment, (message) -> {
					message.getMessageProperties().setMessageId(shipment);
					return message;
				});
			}
		}
		awaitDeliveries(COPIES * SHIPMENT_COUNT, Duration.ofSeconds(60));
		Object depth = this.admin.getQueueProperties(SHIPMENTS).get(RabbitAdmin.QUEUE_MESSAGE_COUNT);
		System.out.printf("RabbitMQ demo summary: messages=%d unique=%d processed=%d duplicates-skipped=%d "
				+ "queue-depth=%s%n", (long) outcomes(null), SHIPMENT_COUNT, this.ledger.entries(),
				(long) outcomes("duplicate"), depth);
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
