-- How did we do? One rating per case, asked in the resident's closing
-- message through a single-use link. Only the SHA-256 of the link's secret
-- is kept. rated_date (YYYY-MM-DD, Europe/London) groups ratings by month
-- for the published statistics.
CREATE TABLE case_feedback (
	case_id    INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
	service_id TEXT    NOT NULL,
	token_hash TEXT    NOT NULL UNIQUE,
	invited_at INTEGER NOT NULL,
	rating     TEXT    CHECK (rating IN ('very-satisfied', 'satisfied', 'neither', 'dissatisfied', 'very-dissatisfied')),
	comment    TEXT    NOT NULL DEFAULT '',
	rated_at   INTEGER,
	rated_date TEXT
);
CREATE INDEX case_feedback_service ON case_feedback (service_id, rated_date);

-- Resident accounts are optional: a resident signs in with an emailed link
-- (which proves the address) or GOV.UK One Login (whose verified email
-- claim does). email is the address as NormaliseEmail writes it; details
-- are the contact details they gave once, to prefill new forms.
CREATE TABLE resident_accounts (
	id          TEXT    PRIMARY KEY,
	email       TEXT    NOT NULL,
	email_key   TEXT    NOT NULL UNIQUE,   -- lower(email): one account per mailbox
	subject     TEXT    UNIQUE,            -- One Login's "sub", when they used it
	details     TEXT    NOT NULL DEFAULT '{}',
	created_at  INTEGER NOT NULL,
	signed_in_at INTEGER NOT NULL
);

-- Sign-in links: single use, expiring; rows are kept until they expire so
-- that links sent to an address can be counted for the rate limit.
CREATE TABLE resident_signin_links (
	token_hash TEXT    PRIMARY KEY,
	email      TEXT    NOT NULL,
	email_key  TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
);
CREATE INDEX resident_signin_links_email ON resident_signin_links (email_key, created_at);

CREATE TABLE resident_sessions (
	token_hash TEXT    PRIMARY KEY,
	account_id TEXT    NOT NULL REFERENCES resident_accounts (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX resident_sessions_account ON resident_sessions (account_id);

-- "Your requests": a signed-in resident's cases are found by their verified
-- address, case-insensitively.
CREATE INDEX cases_applicant_email ON cases (lower(json_extract(applicant, '$.email')), submitted_at);
