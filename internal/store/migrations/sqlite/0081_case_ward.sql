-- The code of the council's ward a case's location is in, set when the
-- case is submitted (cases.Record.Ward); '' when it has no location, is in
-- no ward or no wards are configured: statistics show those as "No ward".
ALTER TABLE cases ADD COLUMN ward TEXT NOT NULL DEFAULT '';
