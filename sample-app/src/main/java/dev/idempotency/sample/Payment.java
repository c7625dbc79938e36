package dev.idempotency.sample;

import java.math.BigDecimal;

public record Payment(String paymentId, String customer, BigDecimal amount) {
}
