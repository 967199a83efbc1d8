-- Issue 14 §5: when each blob was last stored. The upload path notes a
-- put before it writes the bytes, and the retention job deletes a blob
-- that disposal freed only in a transaction that locks this row and finds
-- no put since a grace period began: an upload of the same bytes, even one
-- not yet named by any row (a resident's draft), is never lost to it.
-- put_at is microseconds since the Unix epoch (UTC).
CREATE TABLE blob_puts (
	blob_key TEXT   PRIMARY KEY,
	put_at   BIGINT NOT NULL
);
