-- Member enquiries shared the GOSS way: the councillor who raises one chooses
-- to share it with nobody, with the other councillors of their ward, or with
-- their party group in the ward. The case keeps the choice and the raising
-- councillor's ward and party as they were then; accounts keep each
-- councillor's ward and party, set by an administrator.
ALTER TABLE cases ADD COLUMN sharing TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN share_ward TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN share_party TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_shared ON cases (share_ward, submitted_at) WHERE sharing <> '';
ALTER TABLE users ADD COLUMN ward TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN party TEXT NOT NULL DEFAULT '';
