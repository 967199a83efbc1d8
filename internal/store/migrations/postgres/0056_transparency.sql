-- Issue 15: Transparency Code datasets an administrator uploads. Each row
-- is one published file (checked against its schema before it got here);
-- the newest of a dataset is the one served, and older ones stay as the
-- record of what was published when. Times are microseconds since the Unix
-- epoch (UTC).
CREATE TABLE transparency_publications (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	dataset      TEXT    NOT NULL,
	blob_key     TEXT    NOT NULL,
	file_name    TEXT    NOT NULL,
	row_count    BIGINT NOT NULL,
	byte_count   BIGINT NOT NULL,
	published_by TEXT    NOT NULL,
	published_at BIGINT NOT NULL
);
CREATE INDEX transparency_publications_dataset ON transparency_publications (dataset, id);
