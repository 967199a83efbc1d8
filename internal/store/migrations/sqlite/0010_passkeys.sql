-- Passkeys (WebAuthn credentials) registered as a second factor. The
-- credential record holds only the public key and counters.
CREATE TABLE passkeys (
	id           TEXT    PRIMARY KEY,
	user_id      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT    NOT NULL,
	credential   TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER NOT NULL
);
CREATE INDEX passkeys_user ON passkeys (user_id, created_at);
