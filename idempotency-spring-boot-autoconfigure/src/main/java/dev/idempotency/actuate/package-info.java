/**
 * Operations: the {@code idempotency} actuator endpoint and the store's health indicator.
 */
@NullMarked
package dev.idempotency.actuate;

import org.jspecify.annotations.NullMarked;
