package dev.idempotency.sample;

import java.math.BigDecimal;

public record Refund(String customer, BigDecimal amount) {
}
