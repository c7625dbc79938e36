package dev.idempotency.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.IdempotencyDataSource;
import dev.idempotency.core.RecordCleanup;
import dev.idempotency.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.store.jdbc.TestDatabase;
import dev.idempotency.store.memory.InMemoryIdempotencyStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selection and set-up of the JDBC store.
 */
class JdbcStoreConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, IdempotencyAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "spring.datasource.generate-unique-name=true");

	@Test
	void autoPicksJdbcWhenADataSourceExistsAndCreatesTheTableOfAnEmbeddedDatabase() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(InMemoryIdempotencyStore.class)
				.hasSingleBean(RecordCleanup.class);
			assertThat(context.getBean(RecordCleanup.class).isScheduled()).isTrue();
			assertThat(context.getBean(JdbcIdempotencyStore.class).description())
				.isEqualTo("jdbc (h2, table idempotency_record)");
			assertThat(rows(context.getBean(DataSource.class), "idempotency_record")).isZero();
		});
	}

	@Test
	void tableNameProperty() {
		this.contextRunner.withPropertyValues("idempotency.jdbc.table-name=orders_gate")
			.run((context) -> assertThat(rows(context.getBean(DataSource.class), "orders_gate")).isZero());
	}

	@Test
	void tableNameThatIsNotAPlainIdentifierStopsTheStart() {
		this.contextRunner.withPropertyValues("idempotency.jdbc.table-name=records; DROP TABLE orders")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property idempotency.jdbc.table-name with value 'records; DROP TABLE orders' is invalid: "
						+ "It must be a plain SQL identifier: letters, digits and underscores, not starting with a "
						+ "digit, at most 63 characters, such as 'idempotency_record'."));
	}

	@Test
	void missingTableWithInitializeSchemaNeverStopsTheStartNamingTheScript() {
		this.contextRunner.withPropertyValues("idempotency.jdbc.initialize-schema=never")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("java.lang.IllegalStateException: The idempotency table 'idempotency_record' does not exist or cannot be read: "
						+ "create it with the script classpath:dev/idempotency/store/jdbc/schema-h2.sql (shipped in "
						+ "the starter's jar; replace idempotency_record with your table name), or set "
						+ "idempotency.jdbc.initialize-schema=always. Cause: "));
	}

	@Test
	void initializeSchemaAlwaysCreatesTheTableOnPostgresqlAndStartsAgainWithIt() {
		try (HikariDataSource postgres = TestDatabase.POSTGRESQL.dataSource()) {
			ApplicationContextRunner runner = new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
				.withBean(DataSource.class, () -> new DelegatingDataSource(postgres))
				.withPropertyValues("spring.application.name=orders", "idempotency.store=jdbc",
						"idempotency.jdbc.table-name=created_on_start", "idempotency.jdbc.initialize-schema=always");
			JdbcClient.create(postgres).sql("DROP TABLE IF EXISTS created_on_start").update();
			runner.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class));
			runner.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class));
			assertThat(rows(postgres, "created_on_start")).isZero();
			JdbcClient.create(postgres).sql("DROP TABLE created_on_start").update();
		}
	}

	@Test
	void storeUsesTheIdempotencyDataSourceOfSeveral() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
			.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("spring.application.name=orders")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcIdempotencyStore.class);
				assertThat(rows(context.getBean("idempotencyDataSource", DataSource.class), "idempotency_record"))
					.isZero();
				assertThat(tableExists(context.getBean("ordersDataSource", DataSource.class))).isFalse();
			});
	}

	@Test
	void jdbcStoreWithoutDataSourceStopsTheStart() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
			.withPropertyValues("spring.application.name=orders", "idempotency.store=jdbc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessage("Property idempotency.store with value 'jdbc' is invalid: The JDBC store needs a "
						+ "DataSource bean: add spring-boot-starter-jdbc and a JDBC driver, configure "
						+ "spring.datasource.*, or choose another store."));
	}

	@Test
	void cleanupCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("idempotency.jdbc.cleanup.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(RecordCleanup.class));
	}

	@Test
	void invalidCleanupSettingsStopTheStart() {
		this.contextRunner.withPropertyValues("idempotency.jdbc.cleanup.batch-size=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Property idempotency.jdbc.cleanup.batch-size with value '0' is invalid: It must be "
						+ "positive."));
		this.contextRunner.withPropertyValues("idempotency.jdbc.cleanup.interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Property idempotency.jdbc.cleanup.interval with value 'PT0S' is invalid: It must be a "
						+ "positive duration, such as '5m' or '7d'."));
	}

	private static long rows(DataSource dataSource, String table) {
		return JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	private static boolean tableExists(DataSource dataSource) {
		return JdbcClient.create(dataSource)
			.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = 'IDEMPOTENCY_RECORD'")
			.query(Long.class)
			.single() > 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		@Primary
		HikariDataSource ordersDataSource() {
			return TestDatabase.H2.dataSource();
		}

		@Bean
		@IdempotencyDataSource
		HikariDataSource idempotencyDataSource() {
			return TestDatabase.H2.dataSource();
		}

	}

}
