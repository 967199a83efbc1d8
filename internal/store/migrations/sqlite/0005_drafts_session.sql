-- Front-door drafts belong to a browser session (the hash of its cookie), so
-- that the back button and change links find the answers again.
ALTER TABLE drafts ADD COLUMN session TEXT NOT NULL DEFAULT '';
CREATE INDEX drafts_session ON drafts (session, service_id, updated_at);
