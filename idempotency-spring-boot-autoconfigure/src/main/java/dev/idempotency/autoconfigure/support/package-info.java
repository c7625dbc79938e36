/**
 * The Spring and Jackson implementations of the gate's integration points that the
 * auto-configuration installs: the {@link dev.idempotency.core.TransactionBoundary} of
 * Spring-managed transactions and the JSON {@link dev.idempotency.core.ResultCodec}. Kept out of
 * {@code core}, which knows only their interfaces.
 */
@NullMarked
package dev.idempotency.autoconfigure.support;

import org.jspecify.annotations.NullMarked;
