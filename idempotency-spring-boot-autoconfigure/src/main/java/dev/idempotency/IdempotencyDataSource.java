package dev.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@code DataSource} the JDBC idempotency store uses, in an application with
 * several. Without one, the store uses the primary (or only) {@code DataSource}.
 *
 * <pre class="code">
 * &#64;Bean
 * &#64;IdempotencyDataSource
 * DataSource ordersDataSource() { ... }
 * </pre>
 *
 * Same-transaction mode applies to transactions on this {@code DataSource}.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface IdempotencyDataSource {

}
