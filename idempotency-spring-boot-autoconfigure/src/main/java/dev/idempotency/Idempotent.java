package dev.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a message listener idempotent: for one {@code (group, consumer, key)} the method body
 * completes successfully at most once within the record TTL, and no delivery is dropped by the
 * gate. A delivery either runs the body, is skipped as a proven duplicate of a completed run, or
 * is handed back to the broker with an exception.
 *
 * <pre class="code">
 * &#64;KafkaListener(topics = "payments")
 * &#64;Idempotent(key = "#payload.paymentId")
 * public void onPayment(Payment payload) { ... }
 * </pre>
 *
 * <p>The {@link #key() key} is a SpEL expression evaluated per message. It can use:
 * <ul>
 * <li>{@code #payload} – the converted payload;</li>
 * <li>{@code #headers} – the message headers as a map ({@code #headers['order-id']});</li>
 * <li>{@code #message} and {@code #record} – the raw broker message (a Kafka
 * {@code ConsumerRecord});</li>
 * <li>method parameters by name ({@code #order.id}) or position ({@code #p0}).</li>
 * </ul>
 * Without a key expression, the value of the {@code idempotency.key-header} header
 * ({@code idempotency-key} by default) is the key.
 *
 * <p>A listener that returns a value (Kafka {@code @SendTo}, RabbitMQ request/reply) has the
 * value stored as JSON with the record, up to {@code idempotency.max-result-size}, and a
 * duplicate returns the stored value without running the method.
 *
 * <p>On a class, the annotation applies to every listener method of the class that is not
 * annotated with {@link SkipIdempotency}. A method-level annotation wins over a class-level one.
 *
 * @see SkipIdempotency
 * @see IdempotencyTemplate
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Idempotent {

	/**
	 * SpEL expression giving the idempotency key of a message, for example
	 * {@code "#payload.paymentId"} or {@code "#headers['order-id']"}. Empty: the key header.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * Name of the consumer that scopes the records. Listeners sharing a consumer name share
	 * records. Empty: {@code idempotency.consumer-name}, else the listener id, else
	 * {@code SimpleClassName.method}.
	 * @return the consumer name
	 */
	String consumer() default "";

	/**
	 * How long a completed record is kept, such as {@code "30d"} or {@code "PT12H"}. Empty: the
	 * consumer's {@code ttl} property.
	 * @return the time to live of completed records
	 */
	String ttl() default "";

	/**
	 * How long a claim stays valid without completion before another delivery may take it over,
	 * such as {@code "1m"}. Empty: the consumer's {@code lease} property.
	 * @return the lease of an in-progress claim
	 */
	String lease() default "";

	/**
	 * SpEL expression over the message, like {@link #key()}, whose value identifies the content
	 * of the message, for example {@code "#payload"}. Its SHA-256 (of the value as canonical JSON)
	 * is stored with the record; a later message with the same key but another fingerprint is
	 * refused with {@link IdempotencyConflictException} instead of being skipped as a duplicate.
	 * Empty: no fingerprint.
	 * @return the fingerprint expression
	 */
	String fingerprint() default "";

}
