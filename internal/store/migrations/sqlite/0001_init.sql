-- Guildhall storage spine: cases, events, audit log, outbox, search, documents,
-- drafts and settings. Times are microseconds since the Unix epoch (UTC).

CREATE TABLE cases (
	id               INTEGER PRIMARY KEY,
	ref              TEXT    NOT NULL UNIQUE,
	service_id       TEXT    NOT NULL,
	team             TEXT    NOT NULL,
	classification   TEXT    NOT NULL,
	state            TEXT    NOT NULL,
	answers          TEXT    NOT NULL DEFAULT '{}',
	applicant        TEXT    NOT NULL DEFAULT '{}',
	channel          TEXT    NOT NULL,
	created_by       TEXT    NOT NULL DEFAULT '',
	assignee         TEXT    NOT NULL DEFAULT '',
	clock            TEXT    NOT NULL DEFAULT '{}',
	clock_start      INTEGER NOT NULL,
	-- due_at is 9223372036854775807 when the case has no due date, so that
	-- "soonest due" queues sort and page on one indexed column.
	due_at           INTEGER NOT NULL,
	paused_since     INTEGER,
	submitted_at     INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL,
	closed_at        INTEGER,
	overdue_notified INTEGER NOT NULL DEFAULT 0,
	version          INTEGER NOT NULL,
	idempotency_key  TEXT UNIQUE
);
CREATE INDEX cases_team_queue     ON cases (team, state, due_at, id);
CREATE INDEX cases_service_queue  ON cases (service_id, state, due_at, id);
CREATE INDEX cases_assignee_queue ON cases (assignee, due_at, id);
CREATE INDEX cases_due            ON cases (due_at, id);
CREATE INDEX cases_submitted      ON cases (submitted_at, id);
CREATE INDEX cases_updated        ON cases (updated_at, id);
CREATE INDEX cases_created_by     ON cases (created_by, submitted_at);
CREATE INDEX cases_overdue        ON cases (due_at)
	WHERE closed_at IS NULL AND paused_since IS NULL AND overdue_notified = 0;

CREATE TABLE case_events (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at          INTEGER NOT NULL,
	actor       TEXT    NOT NULL,
	actor_name  TEXT    NOT NULL DEFAULT '',
	kind        TEXT    NOT NULL,
	transition  TEXT    NOT NULL DEFAULT '',
	from_state  TEXT    NOT NULL DEFAULT '',
	to_state    TEXT    NOT NULL DEFAULT '',
	assignee    TEXT    NOT NULL DEFAULT '',
	note        TEXT    NOT NULL DEFAULT '',
	visibility  TEXT    NOT NULL,
	fields      TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- The audit log is append-only and hash-chained; audit_head holds the last
-- entry's seq and hash, so a deleted tail is detected and appends serialise.
CREATE TABLE audit_log (
	seq            INTEGER PRIMARY KEY,
	at             INTEGER NOT NULL,
	actor          TEXT    NOT NULL,
	action         TEXT    NOT NULL,
	subject        TEXT    NOT NULL DEFAULT '',
	classification TEXT    NOT NULL DEFAULT '',
	detail         TEXT,
	prev_hash      TEXT    NOT NULL,
	hash           TEXT    NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);
CREATE INDEX audit_log_actor   ON audit_log (actor, seq);
CREATE INDEX audit_log_action  ON audit_log (action, seq);
CREATE INDEX audit_log_at      ON audit_log (at);

CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE outbox (
	id           TEXT    PRIMARY KEY,
	topic        TEXT    NOT NULL,
	key          TEXT    NOT NULL DEFAULT '',
	payload      TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	available_at INTEGER NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT    NOT NULL DEFAULT '',
	delivered_at INTEGER,
	dead_at      INTEGER
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead    ON outbox (dead_at)      WHERE dead_at IS NOT NULL;
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;

-- Full-text search: an external-content FTS5 index over case_search.
CREATE TABLE case_search (
	case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
	title   TEXT NOT NULL DEFAULT '',
	body    TEXT NOT NULL DEFAULT ''
);
CREATE VIRTUAL TABLE case_search_fts USING fts5 (
	title, body, content = 'case_search', content_rowid = 'case_id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER case_search_ai AFTER INSERT ON case_search BEGIN
	INSERT INTO case_search_fts (rowid, title, body) VALUES (new.case_id, new.title, new.body);
END;
CREATE TRIGGER case_search_ad AFTER DELETE ON case_search BEGIN
	INSERT INTO case_search_fts (case_search_fts, rowid, title, body) VALUES ('delete', old.case_id, old.title, old.body);
END;
CREATE TRIGGER case_search_au AFTER UPDATE ON case_search BEGIN
	INSERT INTO case_search_fts (case_search_fts, rowid, title, body) VALUES ('delete', old.case_id, old.title, old.body);
	INSERT INTO case_search_fts (rowid, title, body) VALUES (new.case_id, new.title, new.body);
END;

CREATE TABLE documents (
	id             INTEGER PRIMARY KEY,
	case_id        INTEGER REFERENCES cases (id) ON DELETE SET NULL,
	blob_key       TEXT    NOT NULL,
	name           TEXT    NOT NULL,
	content_type   TEXT    NOT NULL,
	size           INTEGER NOT NULL,
	classification TEXT    NOT NULL,
	uploaded_by    TEXT    NOT NULL DEFAULT '',
	uploaded_at    INTEGER NOT NULL
);
CREATE INDEX documents_case ON documents (case_id, id);
CREATE INDEX documents_blob ON documents (blob_key);

CREATE TABLE drafts (
	id            TEXT    PRIMARY KEY,
	service_id    TEXT    NOT NULL,
	answers       TEXT    NOT NULL DEFAULT '{}',
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	submitted_ref TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX drafts_updated ON drafts (updated_at);

CREATE TABLE settings (
	key        TEXT    PRIMARY KEY,
	value      TEXT    NOT NULL,
	updated_at INTEGER NOT NULL
);
