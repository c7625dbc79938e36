/**
 * The Redis store: one Lua script per operation, expiry by Redis itself.
 */
@NullMarked
package dev.idempotency.store.redis;

import org.jspecify.annotations.NullMarked;
