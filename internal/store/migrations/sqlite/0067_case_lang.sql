-- Issue 16 §9: the language a resident used (en or cy), so that every message
-- about the case reaches them in that language. Cases made before are English.
ALTER TABLE cases ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
