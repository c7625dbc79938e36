-- Idempotency records (dev.idempotency, JDBC store) for MariaDB and MySQL. Safe to run on every start.
CREATE TABLE IF NOT EXISTS idempotency_record (
    group_id    VARCHAR(255) NOT NULL,
    consumer    VARCHAR(255) NOT NULL,
    record_key  VARCHAR(255) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    owner_token VARCHAR(64),
    fingerprint VARCHAR(64),
    result      LONGTEXT,
    created_at  DATETIME(6)  NOT NULL,
    expires_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (group_id, consumer, record_key),
    INDEX idempotency_record_expires_at (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
