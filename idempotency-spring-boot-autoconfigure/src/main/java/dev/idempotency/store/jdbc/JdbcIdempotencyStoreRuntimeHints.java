package dev.idempotency.store.jdbc;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints of {@link JdbcIdempotencyStore}: the schema scripts it reads from the class path
 * when it creates its table, one per database. Registered when Spring JDBC is on the class path,
 * whether the store is auto-configured or built by the application.
 */
class JdbcIdempotencyStoreRuntimeHints implements RuntimeHintsRegistrar {

	/** The schema scripts, as {@link JdbcSchema#location(String)} names them. */
	static final String SCHEMA_SCRIPTS = "dev/idempotency/store/jdbc/schema-*.sql";

	private static final String JDBC_CLIENT = "org.springframework.jdbc.core.simple.JdbcClient";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (ClassUtils.isPresent(JDBC_CLIENT, classLoader)) {
			hints.resources().registerPattern(SCHEMA_SCRIPTS);
		}
	}

}
