-- Issue 17: what the AI suggested and what people did with it, and the
-- officers' corrections the triage model learns from.
--
-- ai_suggestions keeps no resident's text: only the services suggested, the
-- model that suggested them and the choice made, so the log can be read by
-- auditors and kept longer than the cases.
CREATE TABLE ai_suggestions (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at          BIGINT  NOT NULL,            -- microseconds since 1970, UTC
	feature     TEXT    NOT NULL,            -- triage, routing, advice, draft
	case_ref    TEXT    NOT NULL DEFAULT '', -- the case routed, if any
	suggested   TEXT    NOT NULL DEFAULT '', -- service ids, best first, space-separated
	dont_know   BOOLEAN NOT NULL DEFAULT FALSE,
	model       TEXT    NOT NULL DEFAULT '',
	outcome     TEXT    NOT NULL DEFAULT '', -- accepted, other, corrected, declined; '' until decided
	chosen      TEXT    NOT NULL DEFAULT '',
	actor       TEXT    NOT NULL DEFAULT '', -- the officer's user id; '' for residents
	decided_at  BIGINT
);
CREATE INDEX ai_suggestions_at ON ai_suggestions (at);

-- A correction is an officer's decision that a (redacted) text belongs to a
-- service. It is training data, so it holds text; officers redact what the
-- patterns miss, and an administrator can delete rows.
CREATE TABLE triage_corrections (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at            BIGINT  NOT NULL,
	suggestion_id BIGINT  REFERENCES ai_suggestions (id) ON DELETE SET NULL,
	case_ref      TEXT    NOT NULL DEFAULT '',
	text          TEXT    NOT NULL,
	service_id    TEXT    NOT NULL,
	officer       TEXT    NOT NULL
);
