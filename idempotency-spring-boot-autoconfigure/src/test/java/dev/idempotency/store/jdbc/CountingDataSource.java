package dev.idempotency.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source that counts the SQL statements prepared or created on its connections, and the
 * statements they send to the database: each execution, and each entry of a JDBC batch.
 */
final class CountingDataSource extends DelegatingDataSource {

	private static final Set<String> STATEMENT_FACTORIES = Set.of("prepareStatement", "createStatement",
			"prepareCall");

	private static final Set<String> EXECUTIONS = Set.of("addBatch", "execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate");

	/** Statements prepared or created. */
	final AtomicInteger statements = new AtomicInteger();

	/** Statements sent: executions, and entries of batches. */
	final AtomicInteger sent = new AtomicInteger();

	CountingDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		Connection connection = super.getConnection();
		return proxy(Connection.class, connection, (method) -> {
			if (STATEMENT_FACTORIES.contains(method.getName())) {
				this.statements.incrementAndGet();
			}
		});
	}

	private <T> T proxy(Class<T> type, Object target, Consumer<Method> counter) {
		return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type },
				(proxy, method, arguments) -> {
					counter.accept(method);
					Object result;
					try {
						result = method.invoke(target, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
					if (STATEMENT_FACTORIES.contains(method.getName())) {
						return proxy(method.getReturnType(), result, this::countExecution);
					}
					return result;
				}));
	}

	private void countExecution(Method method) {
		if (EXECUTIONS.contains(method.getName())) {
			this.sent.incrementAndGet();
		}
	}

}
