/**
 * The in-memory store, for development, tests and single-instance applications.
 */
@NullMarked
package dev.idempotency.store.memory;

import org.jspecify.annotations.NullMarked;
