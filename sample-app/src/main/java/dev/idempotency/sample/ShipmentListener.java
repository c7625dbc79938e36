package dev.idempotency.sample;

import java.io.IOException;

import com.rabbitmq.client.Channel;
import dev.idempotency.Idempotent;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

@Component
@Profile("rabbit")
public class ShipmentListener {

	private final Ledger ledger;

	public ShipmentListener(Ledger ledger) {
		this.ledger = ledger;
	}

	/**
	 * Acknowledges manually; no key expression and no key header: keyed by the producer's
	 * message_id. The gate acknowledges the duplicates it skips.
	 */
	@RabbitListener(id = "shipments", queues = RabbitDemo.SHIPMENTS, concurrency = "3", ackMode = "MANUAL")
	@Idempotent
	public void onShipment(String shipment, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag)
			throws IOException {
		this.ledger.book("ship " + shipment);
		channel.basicAck(tag, false);
	}

}
