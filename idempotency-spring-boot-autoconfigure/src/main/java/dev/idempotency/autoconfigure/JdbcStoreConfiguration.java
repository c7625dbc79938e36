package dev.idempotency.autoconfigure;

import javax.sql.DataSource;

import dev.idempotency.IdempotencyDataSource;
import dev.idempotency.autoconfigure.IdempotencyProperties.Jdbc.InitializeSchema;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.jdbc.JdbcIdempotencyStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The JDBC store, on the {@link IdempotencyDataSource @IdempotencyDataSource}, else the primary
 * {@code DataSource}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcClient.class, EmbeddedDatabaseConnection.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnMissingBean(IdempotencyStore.class)
@ConditionalOnStore(IdempotencyProperties.Store.JDBC)
class JdbcStoreConfiguration {

	@Bean
	JdbcIdempotencyStore idempotencyStore(@IdempotencyDataSource ObjectProvider<DataSource> idempotencyDataSource,
			ObjectProvider<DataSource> dataSources, IdempotencyProperties properties, PropertiesConsumerPolicies validated) {
		DataSource dataSource = idempotencyDataSource.getIfAvailable(dataSources::getObject);
		IdempotencyProperties.Jdbc jdbc = properties.getJdbc();
		boolean createTable = switch (jdbc.getInitializeSchema()) {
			case ALWAYS -> true;
			case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(dataSource);
			case NEVER -> false;
		};
		return JdbcIdempotencyStore.builder(dataSource).tableName(jdbc.getTableName()).createTable(createTable).build();
	}

}
