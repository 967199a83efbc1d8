-- The dashboards' kept counts (0077) gain the case's ward (0081), so that
-- figures by ward are read from the counts, not the cases. The old counts
-- had no ward to copy, so they are made afresh from the cases, and the
-- trigger's function and the columns it watches now include ward.
DROP TRIGGER case_stat_update ON cases;
ALTER TABLE case_stat_counts ADD COLUMN ward TEXT NOT NULL DEFAULT '';
ALTER TABLE case_stat_counts ALTER COLUMN ward DROP DEFAULT;
ALTER TABLE case_stat_counts DROP CONSTRAINT case_stat_counts_pkey;
DELETE FROM case_stat_counts;
ALTER TABLE case_stat_counts ADD PRIMARY KEY (service_id, team, classification, channel, ward, kind, hour, value);

INSERT INTO case_stat_counts (service_id, team, classification, channel, ward, kind, hour, value, n)
	SELECT service_id, team, classification, channel, ward, 'received', submitted_at / 3600000000,
		CASE WHEN first_action_at IS NULL THEN -1 ELSE (first_action_at - submitted_at) / 3600000000 END, COUNT(*)
	FROM cases GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO case_stat_counts (service_id, team, classification, channel, ward, kind, hour, value, n)
	SELECT service_id, team, classification, channel, ward, 'closed', closed_at / 3600000000,
		(closed_at - submitted_at) / 86400000000, COUNT(*)
	FROM cases WHERE closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO case_stat_counts (service_id, team, classification, channel, ward, kind, hour, value, n)
	SELECT service_id, team, classification, channel, ward, 'open', due_at / 3600000000,
		CASE WHEN paused_since IS NULL THEN 0 ELSE 1 END, COUNT(*)
	FROM cases WHERE closed_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- case_stat_add adds d (1 or -1) to the counts of case c.
CREATE OR REPLACE FUNCTION case_stat_add(c cases, d BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO case_stat_counts (service_id, team, classification, channel, ward, kind, hour, value, n)
		VALUES (c.service_id, c.team, c.classification, c.channel, c.ward, 'received', c.submitted_at / 3600000000,
		CASE WHEN c.first_action_at IS NULL THEN -1 ELSE (c.first_action_at - c.submitted_at) / 3600000000 END, d)
		ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = case_stat_counts.n + d;
	IF c.closed_at IS NOT NULL THEN
		INSERT INTO case_stat_counts (service_id, team, classification, channel, ward, kind, hour, value, n)
			VALUES (c.service_id, c.team, c.classification, c.channel, c.ward, 'closed',
			c.closed_at / 3600000000, (c.closed_at - c.submitted_at) / 86400000000, d)
			ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = case_stat_counts.n + d;
	ELSE
		INSERT INTO case_stat_counts (service_id, team, classification, channel, ward, kind, hour, value, n)
			VALUES (c.service_id, c.team, c.classification, c.channel, c.ward, 'open',
			c.due_at / 3600000000, CASE WHEN c.paused_since IS NULL THEN 0 ELSE 1 END, d)
			ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = case_stat_counts.n + d;
	END IF;
END $$;

CREATE TRIGGER case_stat_update AFTER UPDATE OF service_id, team, classification, channel, ward, submitted_at, closed_at,
	first_action_at, due_at, paused_since ON cases
	FOR EACH ROW WHEN (OLD.service_id IS DISTINCT FROM NEW.service_id OR OLD.team IS DISTINCT FROM NEW.team
		OR OLD.classification IS DISTINCT FROM NEW.classification OR OLD.channel IS DISTINCT FROM NEW.channel
		OR OLD.ward IS DISTINCT FROM NEW.ward
		OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
		OR OLD.first_action_at IS DISTINCT FROM NEW.first_action_at OR OLD.due_at IS DISTINCT FROM NEW.due_at
		OR OLD.paused_since IS DISTINCT FROM NEW.paused_since)
	EXECUTE FUNCTION case_stat();
