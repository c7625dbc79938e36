/**
 * The listener integration: the pointcut and interceptor around idempotent methods, SpEL key
 * resolution, and the SPI through which each broker ({@code .kafka}, {@code .rabbit}) exposes
 * its messages.
 */
@NullMarked
package dev.idempotency.listener;

import org.jspecify.annotations.NullMarked;
