/**
 * The gate: claim, run, then complete or release, with the policies for missing keys, claims in
 * progress and store errors. Depends on the store SPI only.
 */
@NullMarked
package dev.idempotency.core;

import org.jspecify.annotations.NullMarked;
