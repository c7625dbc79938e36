package dev.idempotency.fault;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.store.jdbc.TestDatabase;
import dev.idempotency.test.FaultProxy;
import dev.idempotency.test.SharedKafkaBroker;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Store faults mid-run with the JDBC store on PostgreSQL.
 */
@SpringBootTest(classes = PostgresOutageTests.Config.class,
		properties = { "outage.topic-prefix=postgres-outage", "spring.application.name=postgres-outage-tests", "idempotency.store=jdbc",
				"idempotency.jdbc.initialize-schema=always", "idempotency.lease=30s", "idempotency.group-id=outage-${random.uuid}",
				"spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.validation-timeout=500", "spring.datasource.hikari.maximum-pool-size=6" })
class PostgresOutageTests extends AbstractStoreOutageTests {

	private static final FaultProxy[] proxy = new FaultProxy[1];

	private static final HikariDataSource proxied = TestDatabase.POSTGRESQL.dataSourceThrough(proxy);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
		registry.add("spring.datasource.url", proxied::getJdbcUrl);
	}

	@AfterAll
	static void close() {
		proxied.close();
		proxy[0].close();
	}

	@Override
	FaultProxy proxy() {
		return proxy[0];
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class Config {

	}

}
