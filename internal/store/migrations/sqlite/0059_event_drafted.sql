-- Issue 17: a timeline note whose text a language model drafted says so,
-- for as long as the note is kept. '' is a note a person wrote; 'model' a
-- draft sent as generated; 'model-edited' a draft the officer changed.
ALTER TABLE case_events ADD COLUMN drafted TEXT NOT NULL DEFAULT '';
