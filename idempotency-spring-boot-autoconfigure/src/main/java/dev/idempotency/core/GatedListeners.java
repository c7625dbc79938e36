package dev.idempotency.core;

import java.util.List;

/**
 * The listeners the gate guards, as the broker integration has found them: read by operations
 * tools such as the actuator endpoint, which need not know how listeners are discovered.
 */
@FunctionalInterface
public interface GatedListeners {

	/**
	 * Describe every gated listener known so far: all of them once the application has started.
	 * @return the gated listeners, ordered by method
	 */
	List<GatedListener> listeners();

}
