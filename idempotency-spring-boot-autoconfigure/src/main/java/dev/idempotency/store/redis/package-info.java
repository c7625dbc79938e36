/**
 * The Redis store: one string per record, claimed with one {@code SET} command, and a Lua script
 * for each token-checked operation; expiry by Redis itself.
 */
@NullMarked
package dev.idempotency.store.redis;

import org.jspecify.annotations.NullMarked;
