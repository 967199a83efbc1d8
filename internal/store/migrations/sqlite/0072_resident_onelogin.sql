-- GOV.UK One Login sign-in keeps the ID token of the session, because
-- signing out of One Login needs it as id_token_hint; an emailed-link
-- session has none ('').
ALTER TABLE resident_sessions ADD COLUMN id_token TEXT NOT NULL DEFAULT '';

-- One row per address that was sent a sign-in link: issuing a link first
-- writes this row, which holds the row's lock until the transaction ends,
-- so that two requests for one address are counted one after the other on
-- PostgreSQL as they are on SQLite's single writer.
CREATE TABLE resident_signin_addresses (
	email_key  TEXT   PRIMARY KEY,
	last_at    INTEGER NOT NULL
);

-- A form a signed-in resident saves or starts belongs to their account, so
-- that "Your requests" lists it on any device.
ALTER TABLE drafts ADD COLUMN resident_account_id TEXT REFERENCES resident_accounts (id) ON DELETE SET NULL;
CREATE INDEX drafts_resident ON drafts (resident_account_id, updated_at);
