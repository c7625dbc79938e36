/**
 * Auto-configuration of the idempotency starter and its {@code idempotency.*} properties.
 */
@NullMarked
package dev.idempotency.autoconfigure;

import org.jspecify.annotations.NullMarked;
