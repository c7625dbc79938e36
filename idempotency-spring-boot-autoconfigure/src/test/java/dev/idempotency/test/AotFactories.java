package dev.idempotency.test;

import java.util.List;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.AotServices;

/**
 * What Spring's AOT processing loads of this module from {@code META-INF/spring/aot.factories},
 * as it loads it at build time.
 */
public final class AotFactories {

	private AotFactories() {
	}

	/**
	 * Return the runtime hints that the module's registrars give on this class path.
	 * @return the hints
	 */
	public static RuntimeHints runtimeHints() {
		ClassLoader classLoader = AotFactories.class.getClassLoader();
		RuntimeHints hints = new RuntimeHints();
		load(RuntimeHintsRegistrar.class).forEach((registrar) -> registrar.registerHints(hints, classLoader));
		return hints;
	}

	/**
	 * Return the module's services of one type.
	 * @param <T> the type
	 * @param type the type, such as {@code RuntimeHintsRegistrar}
	 * @return the services listed for it, leaving out those of other jars
	 */
	public static <T> List<T> load(Class<T> type) {
		return AotServices.factories(AotFactories.class.getClassLoader())
			.load(type)
			.asList()
			.stream()
			.filter((service) -> service.getClass().getName().startsWith("dev.idempotency."))
			.toList();
	}

}
