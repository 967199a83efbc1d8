-- Save and return: a single-use link, sent by email, that moves a draft to
-- the browser that opens it. Only the SHA-256 of the link's secret is kept,
-- so the table holds nothing that opens a draft; the link names no answers.
CREATE TABLE draft_resume (
	token_hash TEXT    PRIMARY KEY,
	draft_id   TEXT    NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at    BIGINT
);
CREATE INDEX draft_resume_draft ON draft_resume (draft_id);
CREATE INDEX draft_resume_expires ON draft_resume (expires_at);
