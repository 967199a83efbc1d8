-- Issue 16 §9: the language a report's follower used (en or cy), so that the
-- message telling them it is closed reaches them in it. Earlier followers are English.
ALTER TABLE case_followers ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
