package dev.idempotency.sample;

import java.time.Duration;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
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

	private final GateCounters counters;

	private final Duration timeout;

	RabbitDemo(RabbitTemplate rabbit, AmqpAdmin admin, Ledger ledger, GateCounters counters,
			@Value("${demo.timeout:60s}") Duration timeout) {
		this.rabbit = rabbit;
		this.admin = admin;
		this.ledger = ledger;
		this.counters = counters;
		this.timeout = timeout;
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
		this.counters.awaitDeliveries(COPIES * SHIPMENT_COUNT, this.timeout);
		Object depth = this.admin.getQueueProperties(SHIPMENTS).get(RabbitAdmin.QUEUE_MESSAGE_COUNT);
		System.out.printf("RabbitMQ demo summary: messages=%d unique=%d processed=%d duplicates-skipped=%d "
				+ "queue-depth=%s%n", this.counters.deliveries(null), SHIPMENT_COUNT, this.ledger.entries(),
				this.counters.deliveries("duplicate"), depth);
	}

}
