/**
 * Micrometer binding of the gate's outcomes and store requests.
 */
@NullMarked
package dev.idempotency.metrics;

import org.jspecify.annotations.NullMarked;
