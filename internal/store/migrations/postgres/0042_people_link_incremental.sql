-- Linkage works on what changed, in bounded batches (issue 10, finding 3).
-- people_pending lists the records waiting to be linked (new, changed, or
-- ruled on by an officer), each with the generation at which it was
-- marked, so a run removes only what it linked; a restart resumes from
-- what is left. people_block_keys holds every linked record's blocking key
-- per rule, so a changed record's candidates are found by index, and a
-- block's size is known before it is read. people_link_model keeps the
-- fitted parameters, so records are scored without estimating again.

CREATE TABLE people_pending (
	record_id BIGINT  PRIMARY KEY REFERENCES people_records (id) ON DELETE CASCADE,
	gen       BIGINT  NOT NULL
);

CREATE TABLE people_block_keys (
	rule      INTEGER NOT NULL,
	key       TEXT    NOT NULL,
	record_id BIGINT  NOT NULL REFERENCES people_records (id) ON DELETE CASCADE,
	PRIMARY KEY (rule, key, record_id)
);
CREATE INDEX people_block_keys_record ON people_block_keys (record_id);

CREATE TABLE people_link_model (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	settings  TEXT    NOT NULL,
	params    TEXT    NOT NULL,
	records   BIGINT  NOT NULL,
	fitted_at BIGINT  NOT NULL
);

-- link_lease: until when (µs) one linkage run holds the job, across nodes.
INSERT INTO people_state (key, value) VALUES ('link_lease', 0);

-- Every existing record waits once, so that its blocking keys are written.
INSERT INTO people_pending (record_id, gen) SELECT id, 0 FROM people_records;
