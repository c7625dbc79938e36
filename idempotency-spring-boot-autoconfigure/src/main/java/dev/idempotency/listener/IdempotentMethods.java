package dev.idempotency.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.idempotency.Idempotent;
import dev.idempotency.core.ConsumerPolicy;
import dev.idempotency.core.ConsumerPolicies;
import dev.idempotency.core.GatedListener;
import dev.idempotency.core.GatedListeners;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Resolves, once per method, what the gate needs of an idempotent listener method: the consumer
 * name, its policy with the annotation's overrides, the parsed key expression and the broker
 * binding. An invalid annotation fails with a message that names the method.
 */
public class IdempotentMethods implements GatedListeners {

	private final Map<MethodClassKey, IdempotentMethod> methods = new ConcurrentHashMap<>();

	private final List<ListenerAdapter> adapters;

	private final ConsumerPolicies policies;

	private final @Nullable String consumerName;

	private final Function<String, String> keyHeaders;

	private final PropertyResolver placeholders;

	/**
	 * Create the registry.
	 * @param adapters the broker adapters
	 * @param policies gives the policy of a consumer
	 * @param consumerName the consumer name of every listener without its own, or {@code null}
	 * @param keyHeaders gives, by consumer name, the header that holds the key when no expression
	 * is given
	 * @param placeholders resolves {@code ${...}} placeholders in annotation attributes
	 */
	public IdempotentMethods(List<ListenerAdapter> adapters, ConsumerPolicies policies,
			@Nullable String consumerName, Function<String, String> keyHeaders, PropertyResolver placeholders) {
		this.adapters = List.copyOf(adapters);
		this.policies = policies;
		this.consumerName = consumerName;
		this.keyHeaders = keyHeaders;
		this.placeholders = placeholders;
	}

	/**
	 * Return what the gate needs of a method, resolved on first use.
	 * @param method the invoked method, possibly declared by an interface or superclass
	 * @param targetClass the class of the bean it is invoked on
	 */
	IdempotentMethod get(Method method, Class<?> targetClass) {
		MethodClassKey key = new MethodClassKey(method, targetClass);
		IdempotentMethod resolved = this.methods.get(key);
		return (resolved != null) ? resolved : this.methods.computeIfAbsent(key,
				(absent) -> create(AopUtils.getMostSpecificMethod(method, targetClass), targetClass));
	}

	/**
	 * Describe every idempotent method resolved so far: all of them once the application has
	 * started.
	 * @return the gated listeners, ordered by method
	 */
	@Override
	public List<GatedListener> listeners() {
		return this.methods.values()
			.stream()
			.map((method) -> new GatedListener(method.description(), method.policy().consumer(),
					method.policy().ttl(), method.policy().lease(), method.key().describe()))
			.sorted(Comparator.comparing(GatedListener::method))
			.toList();
	}

	/**
	 * Resolve and validate an idempotent method ahead of its first message.
	 * @param method the method
	 * @param targetClass the class of the bean it is invoked on
	 * @throws IllegalStateException if its {@link Idempotent} attributes are invalid
	 */
	public void register(Method method, Class<?> targetClass) {
		get(method, targetClass);
	}

	private IdempotentMethod create(Method method, Class<?> targetClass) {
		String description = describe(method, targetClass);
		Idempotent annotation = findAnnotation(method, targetClass);
		ListenerAdapter adapter = this.adapters.stream()
			.filter((candidate) -> candidate.isListenerMethod(method))
			.findFirst()
			.orElse(null);
		String consumer = consumerName(method, targetClass, annotation, adapter, description);
		ConsumerPolicy consumerPolicy = this.policies.resolve(consumer);
		String ttl = attribute(annotation, Idempotent::ttl, description);
		if (ttl != null) {
			consumerPolicy = consumerPolicy.withTtl(duration("ttl", ttl, description));
		}
		String lease = attribute(annotation, Idempotent::lease, description);
		if (lease != null) {
			consumerPolicy = consumerPolicy.withLease(duration("lease", lease, description));
		}
		String expression = (annotation != null && StringUtils.hasText(annotation.key())) ? annotation.key() : null;
		KeyResolver key = (expression != null) ? ExpressionKeyResolver.parse(expression, description)
				: new HeaderKeyResolver(this.keyHeaders.apply(consumer), (adapter != null) ? adapter.messageIdProperty() : null);
		ListenerBinding binding = (adapter != null) ? adapter.bind(method) : DirectBinding.INSTANCE;
		String fingerprint = (annotation != null && StringUtils.hasText(annotation.fingerprint()))
				? annotation.fingerprint() : null;
		boolean batch = binding instanceof BatchListenerBinding;
		if (batch && fingerprint != null) {
			throw new IllegalStateException("@Idempotent(fingerprint) is not supported on batch listener " + description
					+ ": remove the fingerprint, or gate a record listener.");
		}
		AsyncReturn async = batch ? null : AsyncReturn.of(method);
		return new IdempotentMethod(method, description, consumerPolicy, key, binding,
				(fingerprint != null) ? FingerprintResolver.parse(fingerprint, description) : null,
				batch ? null : (async != null) ? async.valueType() : resultType(method), async);
	}

	private String consumerName(Method method, Class<?> targetClass, @Nullable Idempotent annotation,
			@Nullable ListenerAdapter adapter, String description) {
		return Stream.of(attribute(annotation, Idempotent::consumer, description), this.consumerName,
					(adapter != null) ? adapter.listenerId(method) : null)
			.filter(StringUtils::hasText)
			.findFirst()
			.orElseGet(() -> targetClass.getSimpleName() + "." + method.getName());
	}

	private @Nullable String attribute(@Nullable Idempotent annotation, Function<Idempotent, String> attribute,
			String description) {
		String value = (annotation != null) ? attribute.apply(annotation) : null;
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			return this.placeholders.resolveRequiredPlaceholders(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid @Idempotent attribute \"" + value + "\" on " + description
					+ ": " + ex.getMessage() + ". Define the property or give the value directly.", ex);
		}
	}

	private static Duration duration(String attribute, String value, String description) {
		Duration duration;
		try {
			duration = DurationParser.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid @Idempotent(" + attribute + " = \"" + value + "\") on "
					+ description + ": not a duration. Use a value such as \"30s\", \"5m\", \"7d\" or \"PT1H\".", ex);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalStateException("Invalid @Idempotent(" + attribute + " = \"" + value + "\") on "
					+ description + ": the duration must be positive.");
		}
		return duration;
	}

	private static @Nullable Type resultType(Method method) {
		Class<?> type = method.getReturnType();
		return (type == void.class || type == Void.class) ? null : method.getGenericReturnType();
	}

	private static @Nullable Idempotent findAnnotation(Method method, Class<?> targetClass) {
		Idempotent annotation = AnnotatedElementUtils.findMergedAnnotation(method, Idempotent.class);
		return (annotation != null) ? annotation : AnnotatedElementUtils.findMergedAnnotation(targetClass, Idempotent.class);
	}

	private static String describe(Method method, Class<?> targetClass) {
		return Stream.of(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", targetClass.getSimpleName() + "." + method.getName() + "(", ")"));
	}

}
