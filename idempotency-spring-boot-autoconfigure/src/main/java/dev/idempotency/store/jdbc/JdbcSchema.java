package dev.idempotency.store.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.util.StreamUtils;

/**
 * The table of a {@link JdbcIdempotencyStore}: the shipped schema script of its database, run on
 * request, and the check that the table can be read.
 */
final class JdbcSchema {

	private final DataSource dataSource;

	private final String table;

	private final String script;

	JdbcSchema(DataSource dataSource, JdbcDialect dialect, String table) {
		this.dataSource = dataSource;
		this.table = table;
		this.script = location(dialect.platform());
	}

	/**
	 * Return the classpath location of the schema script for a database.
	 * @param platform the platform, such as {@code "postgresql"}
	 * @return the location
	 */
	static String location(String platform) {
		return "dev/idempotency/store/jdbc/schema-" + platform + ".sql";
	}

	/**
	 * Run the script, which creates the table only if it does not exist.
	 */
	void create() {
		try {
			String sql = StreamUtils.copyToString(new ClassPathResource(this.script).getInputStream(),
					StandardCharsets.UTF_8)
				.replace(JdbcIdempotencyStore.DEFAULT_TABLE_NAME, this.table);
			new ResourceDatabasePopulator(new ByteArrayResource(sql.getBytes(StandardCharsets.UTF_8)))
				.execute(this.dataSource);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the schema script " + this.script, ex);
		}
	}

	/**
	 * Check that the table exists and can be read.
	 * @throws IllegalStateException if it cannot, telling how to create it
	 */
	void requireTable() {
		try {
			JdbcClient.create(this.dataSource)
				.sql("SELECT COUNT(*) FROM " + this.table + " WHERE 1 = 0")
				.query(Long.class)
				.single();
		}
		catch (DataAccessException ex) {
			throw new IllegalStateException("The idempotency table '" + this.table + "' does not exist or "
					+ "cannot be read: create it with the script classpath:" + this.script + " (shipped in the "
					+ "starter's jar; replace idempotency_record with your table name), or set "
					+ "idempotency.jdbc.initialize-schema=always. Cause: " + ex.getMostSpecificCause().getMessage(), ex);
		}
	}

}
