-- Integrations: webhook endpoints and the API's Idempotency-Key records.
-- Times are microseconds since the Unix epoch (UTC).

-- A webhook endpoint. The secret is kept because signing needs it; the admin
-- page shows it once, when the endpoint is created.
CREATE TABLE webhook_endpoints (
	id          INTEGER PRIMARY KEY,
	url         TEXT    NOT NULL,
	secret      TEXT    NOT NULL,
	description TEXT    NOT NULL DEFAULT '',
	events      TEXT    NOT NULL DEFAULT '[]',
	services    TEXT    NOT NULL DEFAULT '[]',
	active      INTEGER NOT NULL DEFAULT 1,
	created_at  INTEGER NOT NULL,
	created_by  TEXT    NOT NULL DEFAULT ''
);

-- The first request body (its SHA-256) seen with each Idempotency-Key (scoped
-- to the token), and the case it made; also Open311 batch tokens.
CREATE TABLE api_idempotency (
	key         TEXT    PRIMARY KEY,
	fingerprint TEXT    NOT NULL,
	case_ref    TEXT    NOT NULL,
	created_at  INTEGER NOT NULL
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);
