/**
 * Public API of the idempotency starter: {@link dev.idempotency.Idempotent},
 * {@link dev.idempotency.SkipIdempotency}, {@link dev.idempotency.IdempotencyTemplate} and the
 * exceptions the gate throws.
 */
@NullMarked
package dev.idempotency;

import org.jspecify.annotations.NullMarked;
