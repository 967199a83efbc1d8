-- Notes in collaboration spaces: what members tell each other beside the
-- space's documents. A note names its author by id and by the name they
-- had when they wrote it (a partner has no staff record to look up).
CREATE TABLE record_space_notes (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	space_id    BIGINT  NOT NULL REFERENCES record_spaces (id) ON DELETE CASCADE,
	body        TEXT    NOT NULL,
	author      TEXT    NOT NULL,
	author_name TEXT    NOT NULL,
	created_at  BIGINT  NOT NULL
);
CREATE INDEX record_space_notes_space ON record_space_notes (space_id, id);
