-- Payments through GOV.UK Pay. A payment belongs to the draft it pays for
-- (the draft id is also the case's idempotency key, so however often the
-- resident returns, one case is made) and, once paid and submitted, to
-- its case; the daily reconciliation lists them against cases.
CREATE TABLE payments (
	payment_id   TEXT    PRIMARY KEY,
	draft_id     TEXT    NOT NULL,
	-- attempt counts a draft's payments from 1: the latest is the one a
	-- return reads, whatever the clock's resolution.
	attempt      BIGINT NOT NULL,
	service_id   TEXT    NOT NULL,
	reference    TEXT    NOT NULL,
	amount_pence BIGINT  NOT NULL,
	status       TEXT    NOT NULL,
	code         TEXT    NOT NULL DEFAULT '',
	case_ref     TEXT    NOT NULL DEFAULT '',
	refunded_pence BIGINT NOT NULL DEFAULT 0,
	created_at   BIGINT  NOT NULL,
	updated_at   BIGINT  NOT NULL
);
CREATE UNIQUE INDEX payments_draft ON payments (draft_id, attempt);
CREATE INDEX payments_created ON payments (created_at);
