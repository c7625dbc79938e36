package dev.idempotency.benchmarks.kafka;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database body of a Kafka pass: one PostgreSQL row per payment, in a table created empty for
 * the pass. In the listener's transaction when it has one, else auto-committed.
 */
public class PaymentsTable {

	static final String NAME = "bench_kafka_payment";

	private final JdbcClient jdbc;

	/**
	 * Create the table afresh.
	 * @param jdbc the client on the PostgreSQL database
	 */
	public PaymentsTable(JdbcClient jdbc) {
		this.jdbc = jdbc;
		jdbc.sql("DROP TABLE IF EXISTS " + NAME).update();
		jdbc.sql("CREATE TABLE " + NAME + " (payment_id VARCHAR(255) PRIMARY KEY, received_at TIMESTAMP NOT NULL)")
			.update();
	}

	/**
	 * Insert the row of a payment.
	 * @param payment the payment id
	 */
	public void insert(String payment) {
		this.jdbc.sql("INSERT INTO " + NAME + " (payment_id, received_at) VALUES (?, CURRENT_TIMESTAMP)")
			.param(payment)
			.update();
	}

}
