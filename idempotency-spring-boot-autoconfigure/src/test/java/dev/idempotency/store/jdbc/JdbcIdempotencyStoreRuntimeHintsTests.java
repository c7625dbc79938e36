package dev.idempotency.store.jdbc;

import java.io.IOException;
import java.util.Arrays;

import dev.idempotency.test.AotFactories;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema scripts of {@link JdbcIdempotencyStore} are resources of a native image.
 */
class JdbcIdempotencyStoreRuntimeHintsTests {

	@Test
	void everyShippedSchemaScriptIsRegisteredThroughAotFactories() throws IOException {
		RuntimeHints hints = AotFactories.runtimeHints();
		Resource[] scripts = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:dev/idempotency/store/jdbc/*.sql");
		assertThat(scripts).extracting(Resource::getFilename)
			.containsExactlyInAnyOrder("schema-h2.sql", "schema-mariadb.sql", "schema-postgresql.sql");
		Arrays.stream(scripts)
			.forEach((script) -> assertThat(
					RuntimeHintsPredicates.resource().forResource("dev/idempotency/store/jdbc/" + script.getFilename()))
				.as(script.getFilename())
				.accepts(hints));
	}

	@Test
	void theScriptOfEverySupportedDatabaseIsRegistered() {
		RuntimeHints hints = AotFactories.runtimeHints();
		for (String productName : new String[] { "PostgreSQL", "MariaDB", "MySQL", "H2" }) {
			String location = JdbcSchema.location(JdbcDialect.of(productName).platform());
			assertThat(RuntimeHintsPredicates.resource().forResource(location)).as(productName).accepts(hints);
		}
	}

	@Test
	void withoutSpringJdbcNoScriptIsRegistered() {
		RuntimeHints hints = new RuntimeHints();
		new JdbcIdempotencyStoreRuntimeHints().registerHints(hints, new FilteredClassLoader(JdbcClient.class));
		assertThat(RuntimeHintsPredicates.resource().forResource(JdbcSchema.location("h2")))
			.rejects(hints);
	}

}
