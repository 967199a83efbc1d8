-- Issue 14 §3 and §4: data protection rights requests and holds on a
-- person or a saved search.
--
-- record_holds takes two more kinds of target: 'person' (a people record
-- key: the person it is linked to, with every case, document and record of
-- theirs, as linked when a disposal is decided) and 'search' (the words of
-- a saved search, evaluated when a disposal is decided). SQLite cannot
-- change a CHECK constraint, so the table is rebuilt; nothing refers to it.
CREATE TABLE record_holds_0063 (
	id          INTEGER PRIMARY KEY,
	target_kind TEXT    NOT NULL CHECK (target_kind IN ('case', 'document', 'service', 'class', 'person', 'search')),
	target      TEXT    NOT NULL,
	reason      TEXT    NOT NULL,
	created_by  TEXT    NOT NULL,
	created_at  INTEGER NOT NULL,
	released_by TEXT    NOT NULL DEFAULT '',
	released_at INTEGER
);
INSERT INTO record_holds_0063 SELECT id, target_kind, target, reason, created_by, created_at, released_by, released_at FROM record_holds;
DROP TABLE record_holds;
ALTER TABLE record_holds_0063 RENAME TO record_holds;
CREATE INDEX record_holds_active ON record_holds (target_kind, target) WHERE released_at IS NULL;

-- A data protection rights request (a case of the data-protection-rights
-- service) and the person it is about, as the people records an
-- information governance officer chose in the single view: systems share no
-- identifier, so the person is found by record. record_keys is a JSON
-- array. erasure is '' until one is asked for, then 'proposed' (waiting for
-- a records manager) and 'erased'. Times are microseconds since the epoch.
CREATE TABLE rights_requests (
	request_ref TEXT    PRIMARY KEY,
	record_keys TEXT    NOT NULL,
	found_by    TEXT    NOT NULL,
	found_at    INTEGER NOT NULL,
	erasure     TEXT    NOT NULL DEFAULT '' CHECK (erasure IN ('', 'proposed', 'erased')),
	erasure_by  TEXT    NOT NULL DEFAULT '',
	erasure_at  INTEGER
);

-- Restriction of processing (UK GDPR Art. 18): a people record under it is
-- shown as restricted and is left out of linkage, and its cases cannot be
-- disposed of while it lasts.
CREATE TABLE people_restrictions (
	record_key    TEXT    PRIMARY KEY,
	request_ref   TEXT    NOT NULL,
	restricted_by TEXT    NOT NULL,
	restricted_at INTEGER NOT NULL
);
