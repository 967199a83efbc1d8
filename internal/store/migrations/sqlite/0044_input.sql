-- Who disabled an account: 'administrator' (the admin pages) or 'scim' (the
-- identity provider), so that only the same authority, or an administrator,
-- can enable it again. An account disabled before this was recorded counts
-- as disabled by an administrator: the safe reading.
ALTER TABLE users ADD COLUMN disabled_by TEXT NOT NULL DEFAULT '';
UPDATE users SET disabled_by = 'administrator' WHERE NOT active;
