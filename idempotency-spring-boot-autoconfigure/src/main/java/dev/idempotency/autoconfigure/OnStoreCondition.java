package dev.idempotency.autoconfigure;

import dev.idempotency.autoconfigure.IdempotencyProperties.Store;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnStore}.
 */
class OnStoreCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Store candidate = (Store) metadata.getAnnotationAttributes(ConditionalOnStore.class.getName()).get("value");
		// Read as text: an invalid value is reported by the binding of IdempotencyProperties.
		String configured = Binder.get(context.getEnvironment())
			.bind("idempotency.store", String.class)
			.orElse(Store.AUTO.name());
		if (configured.equalsIgnoreCase(Store.AUTO.name()) || configured.equalsIgnoreCase(candidate.name())) {
			return ConditionOutcome.match("idempotency.store is " + configured);
		}
		return ConditionOutcome.noMatch("idempotency.store is " + configured + ", not " + candidate);
	}

}
