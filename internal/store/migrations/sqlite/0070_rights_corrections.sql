-- Issue 14 §3: rectification (UK GDPR Art. 16) and lifting a restriction.
--
-- A correction an information governance officer proposes on a
-- rectification request: one written answer of one of the person's cases
-- and the value it should have. A records manager approves them; each is
-- then made through the case service (a "corrected" event keeps the old
-- value) and marked made. state is 'proposed' or 'made'. Times are
-- microseconds since the epoch.
CREATE TABLE rights_corrections (
	id          INTEGER PRIMARY KEY,
	request_ref TEXT    NOT NULL,
	case_ref    TEXT    NOT NULL,
	question    TEXT    NOT NULL,
	value       TEXT    NOT NULL,
	state       TEXT    NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'made')),
	proposed_by TEXT    NOT NULL,
	proposed_at INTEGER NOT NULL,
	made_by     TEXT    NOT NULL DEFAULT '',
	made_at     INTEGER
);
CREATE INDEX rights_corrections_request ON rights_corrections (request_ref, id);

-- Lifting a restriction and showing a request's page find its marks by
-- request.
CREATE INDEX people_restrictions_request ON people_restrictions (request_ref);
