-- Issue 11: each statutory clock that completes records its outcome once, for
-- statistics (FOI and subject access returns: how many answered in time, how
-- late the rest). A case answered in time stays "met" whatever follows (an
-- internal review runs its own clock). Rows keep no personal data, so they
-- outlive the case: retention deletes the case and leaves case_id NULL.
CREATE TABLE case_clock_outcomes (
	id                 INTEGER PRIMARY KEY,
	case_id            INTEGER REFERENCES cases (id) ON DELETE SET NULL,
	service_id         TEXT    NOT NULL,
	clock              TEXT    NOT NULL,            -- "response", or the state whose starts_clock began it
	received_date      TEXT    NOT NULL,            -- YYYY-MM-DD, Europe/London: the day the clock (re)started
	due_date           TEXT    NOT NULL,            -- YYYY-MM-DD, Europe/London: the last day in time
	done_date          TEXT    NOT NULL,            -- YYYY-MM-DD, Europe/London
	done_at            INTEGER NOT NULL,            -- microseconds since 1970, UTC
	met                INTEGER NOT NULL CHECK (met IN (0, 1)),
	working_days_late  INTEGER NOT NULL DEFAULT 0,  -- 0 when met
	calendar_days_late INTEGER NOT NULL DEFAULT 0,
	UNIQUE (case_id, clock)
);
CREATE INDEX case_clock_outcomes_service ON case_clock_outcomes (service_id, clock, done_date);
