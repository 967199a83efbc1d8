-- Issue 14: records. Documents held outside any case (with versions and a
-- file plan class), legal holds, the disposition list the retention job
-- builds, disposal certificates that outlive what they dispose of, blob
-- deletions still to do after a disposal committed, and collaboration
-- spaces. Times are microseconds since the Unix epoch (UTC).

-- A case whose personal data retention removed keeps its statistics; the
-- mark stops the retention job listing it again.
ALTER TABLE cases ADD COLUMN anonymised_at BIGINT;
CREATE INDEX cases_closed ON cases (service_id, closed_at, id) WHERE closed_at IS NOT NULL;

CREATE TABLE record_spaces (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name           TEXT    NOT NULL,
	team           TEXT    NOT NULL,
	classification TEXT    NOT NULL,
	created_by     TEXT    NOT NULL,
	created_at     BIGINT NOT NULL
);

-- Members are named by email address, so a partner can be invited before
-- their account exists; the policy checks the domain when they read.
CREATE TABLE record_space_members (
	space_id BIGINT NOT NULL REFERENCES record_spaces (id) ON DELETE CASCADE,
	email    TEXT    NOT NULL,
	added_by TEXT    NOT NULL,
	added_at BIGINT NOT NULL,
	PRIMARY KEY (space_id, email)
);
CREATE INDEX record_space_members_email ON record_space_members (email);

CREATE TABLE record_documents (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	title          TEXT    NOT NULL,
	description    TEXT    NOT NULL DEFAULT '',
	author         TEXT    NOT NULL DEFAULT '',
	doc_date       TEXT    NOT NULL DEFAULT '', -- YYYY-MM-DD the document bears
	class_id       TEXT    NOT NULL,
	classification TEXT    NOT NULL,
	team           TEXT    NOT NULL,
	space_id       BIGINT REFERENCES record_spaces (id) ON DELETE RESTRICT,
	related_cases  TEXT    NOT NULL DEFAULT '[]',
	created_by     TEXT    NOT NULL,
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL,
	declared_at    BIGINT,
	declared_by    TEXT    NOT NULL DEFAULT '',
	version        BIGINT NOT NULL
);
CREATE INDEX record_documents_class ON record_documents (class_id, id);
CREATE INDEX record_documents_space ON record_documents (space_id, id) WHERE space_id IS NOT NULL;
CREATE INDEX record_documents_updated ON record_documents (updated_at, id);

CREATE TABLE record_versions (
	document_id  BIGINT NOT NULL REFERENCES record_documents (id) ON DELETE CASCADE,
	version      BIGINT NOT NULL,
	blob_key     TEXT    NOT NULL,
	name         TEXT    NOT NULL,
	content_type TEXT    NOT NULL,
	size         BIGINT NOT NULL,
	note         TEXT    NOT NULL DEFAULT '',
	uploaded_by  TEXT    NOT NULL,
	uploaded_at  BIGINT NOT NULL,
	PRIMARY KEY (document_id, version)
);
CREATE INDEX record_versions_blob ON record_versions (blob_key);

-- Search over documents: title, description and the extracted text of the
-- current version, in a generated tsvector with a GIN index.
CREATE TABLE record_search (
	document_id BIGINT PRIMARY KEY REFERENCES record_documents (id) ON DELETE CASCADE,
	title       TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL DEFAULT '',
	tsv         TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || body)) STORED
);
CREATE INDEX record_search_tsv ON record_search USING GIN (tsv);

-- A hold covers a case (target = its reference), a document (its id), every
-- case of a service (its id) or every document of a file plan class.
CREATE TABLE record_holds (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	target_kind TEXT    NOT NULL CHECK (target_kind IN ('case', 'document', 'service', 'class')),
	target      TEXT    NOT NULL,
	reason      TEXT    NOT NULL,
	created_by  TEXT    NOT NULL,
	created_at  BIGINT NOT NULL,
	released_by TEXT    NOT NULL DEFAULT '',
	released_at BIGINT
);
CREATE INDEX record_holds_active ON record_holds (target_kind, target) WHERE released_at IS NULL;

-- The disposition list: what retention found due, and the records
-- manager's decision. A deferred item returns when due_at passes again.
CREATE TABLE record_due (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind       TEXT    NOT NULL CHECK (kind IN ('case', 'document')),
	subject    TEXT    NOT NULL,
	scope      TEXT    NOT NULL,            -- service id or file plan class
	action     TEXT    NOT NULL,            -- delete, anonymise or review
	rule       TEXT    NOT NULL,            -- the rule as JSON, for the certificate
	due_at     BIGINT NOT NULL,
	status     TEXT    NOT NULL CHECK (status IN ('due', 'approved', 'deferred')),
	decided_by TEXT    NOT NULL DEFAULT '',
	decided_at BIGINT,
	reason     TEXT    NOT NULL DEFAULT '',
	UNIQUE (kind, subject)
);
CREATE INDEX record_due_status ON record_due (status, due_at, id);

-- Disposal certificates: kept for ever, holding no content, only its hash.
CREATE TABLE record_disposals (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind        TEXT    NOT NULL,
	subject     TEXT    NOT NULL,
	certificate TEXT    NOT NULL,           -- canonical JSON, as hashed
	sha256      TEXT    NOT NULL,           -- of certificate; also in the audit entry
	audit_seq   BIGINT   NOT NULL,           -- the audit entry that chains it
	disposed_at BIGINT NOT NULL
);
CREATE INDEX record_disposals_subject ON record_disposals (kind, subject);

-- Blobs a committed disposal no longer needs: deleted by the retention job
-- after the commit, so a crash between the two leaves work, not leftovers.
CREATE TABLE record_blob_deletes (
	blob_key  TEXT    PRIMARY KEY,
	queued_at BIGINT NOT NULL
);
