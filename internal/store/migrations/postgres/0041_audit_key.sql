-- The audit chain is keyed (HMAC-SHA256 under audit.key, a file outside the
-- database). keyed_from is the seq of the first keyed entry (0: none yet);
-- on a log written before this release it is an "audit.chain_keyed" entry
-- that names the last unkeyed entry. key_id names the key (a hash of its
-- public half) so that starting with another key file is refused. Both are
-- hints for people and start-up checks: verification trusts only the key.
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
