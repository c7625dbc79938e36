-- Idempotency records (dev.idempotency, JDBC store) for PostgreSQL. Safe to run on every start.
CREATE TABLE IF NOT EXISTS idempotency_record (
    group_id    VARCHAR(255)             NOT NULL,
    consumer    VARCHAR(255)             NOT NULL,
    record_key  VARCHAR(255)             NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    owner_token VARCHAR(64),
    fingerprint VARCHAR(64),
    result      TEXT,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, consumer, record_key)
);
CREATE INDEX IF NOT EXISTS idempotency_record_expires_at ON idempotency_record (expires_at);
