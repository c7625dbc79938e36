package dev.idempotency.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code idempotency.store} selects the given store: names it, or is {@code auto}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnStoreCondition.class)
@interface ConditionalOnStore {

	/**
	 * The store type.
	 * @return the store type
	 */
	IdempotencyProperties.Store value();

}
