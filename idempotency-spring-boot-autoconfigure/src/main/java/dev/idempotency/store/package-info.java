/**
 * The store SPI: {@link dev.idempotency.store.IdempotencyStore} and the record model.
 */
@NullMarked
package dev.idempotency.store;

import org.jspecify.annotations.NullMarked;
