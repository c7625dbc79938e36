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
		Store configured = Binder.get(context.getEnvironment()).bind("idempotency.store", Store.class).orElse(Store.AUTO);
		if (configured == Store.AUTO || configured == candidate) {
			return ConditionOutcome.match("idempotency.store is " + configured);
		}
		return ConditionOutcome.noMatch("idempotency.store is " + configured + ", not " + candidate);
	}

}
