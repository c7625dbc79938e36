package dev.idempotency.sample;

import dev.idempotency.Idempotent;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class PaymentListener {

	private final Ledger ledger;

	public PaymentListener(Ledger ledger) {
		this.ledger = ledger;
	}

	/** Keyed by SpEL on the payload: runs once per payment id. */
	@KafkaListener(id = "payments", topics = Demo.PAYMENTS)
	@Idempotent(key = "#payload.paymentId")
	public void onPayment(Payment payment) {
		this.ledger.book("charge " + payment.customer() + " " + payment.amount());
	}

	/** No key expression: keyed by the producer's 'idempotency-key' header. */
	@KafkaListener(id = "refunds", topics = Demo.REFUNDS)
	@Idempotent
	public void onRefund(Refund refund) {
		this.ledger.book("refund " + refund.customer() + " " + refund.amount());
	}

}
