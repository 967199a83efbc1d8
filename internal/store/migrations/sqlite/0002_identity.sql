-- Identity: staff and councillor accounts, sessions, API tokens, teams and
-- SCIM groups. Times are microseconds since the Unix epoch (UTC). Secrets are
-- never stored: sessions and tokens keep the SHA-256 of theirs, passwords an
-- argon2id hash, TOTP keys AES-GCM sealed. email_key and display_name_key are
-- lower-cased copies that make uniqueness case-insensitive.

CREATE TABLE users (
	id                   TEXT    PRIMARY KEY,
	email                TEXT    NOT NULL,
	email_key            TEXT    NOT NULL UNIQUE,
	name                 TEXT    NOT NULL,
	kind                 TEXT    NOT NULL,
	active               BOOLEAN NOT NULL,
	password_hash        TEXT    NOT NULL DEFAULT '',
	must_change_password BOOLEAN NOT NULL DEFAULT 0,
	totp_secret          TEXT    NOT NULL DEFAULT '',
	totp_last_step       INTEGER NOT NULL DEFAULT 0,
	failed_attempts      INTEGER NOT NULL DEFAULT 0,
	locked_until         INTEGER NOT NULL DEFAULT 0,
	external_id          TEXT    UNIQUE,
	grants               TEXT    NOT NULL DEFAULT '[]',
	sso_groups           TEXT    NOT NULL DEFAULT '[]',
	attributes           TEXT    NOT NULL DEFAULT '{}',
	created_at           INTEGER NOT NULL,
	updated_at           INTEGER NOT NULL
);

CREATE TABLE sessions (
	hash       TEXT    PRIMARY KEY,
	user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	complete   BOOLEAN NOT NULL,
	mfa        BOOLEAN NOT NULL,
	method     TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen);

CREATE TABLE api_tokens (
	id         TEXT    PRIMARY KEY,
	name       TEXT    NOT NULL,
	hash       TEXT    NOT NULL UNIQUE,
	services   TEXT    NOT NULL DEFAULT '[]',
	can_write  BOOLEAN NOT NULL,
	grants     TEXT    NOT NULL DEFAULT '[]',
	created_by TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
);

CREATE TABLE teams (
	id   TEXT PRIMARY KEY,
	name TEXT NOT NULL
);

CREATE TABLE scim_groups (
	id               TEXT    PRIMARY KEY,
	display_name     TEXT    NOT NULL,
	display_name_key TEXT    NOT NULL UNIQUE,
	external_id      TEXT,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL
);

CREATE TABLE scim_members (
	group_id TEXT NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
	user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX scim_members_user ON scim_members (user_id);
