-- Dashboard aggregates kept as cases change, so that a dashboard reads a
-- few thousand counts rather than every case (docs/statistics.md). The
-- SQLite migration of the same number explains each part.
ALTER TABLE cases ADD COLUMN first_action_at BIGINT;
UPDATE cases SET first_action_at = (SELECT MIN(e.at) FROM case_events e WHERE e.case_id = cases.id
	AND e.kind IN ('transitioned', 'note', 'assigned') AND e.actor <> 'system');

CREATE TABLE case_stat_counts (
	service_id     TEXT   NOT NULL,
	team           TEXT   NOT NULL,
	classification TEXT   NOT NULL,
	channel        TEXT   NOT NULL,
	kind           TEXT   NOT NULL,
	hour           BIGINT NOT NULL,
	value          BIGINT NOT NULL,
	n              BIGINT NOT NULL,
	PRIMARY KEY (service_id, team, classification, channel, kind, hour, value)
);
CREATE INDEX case_stat_counts_hour ON case_stat_counts (kind, hour);

INSERT INTO case_stat_counts
	SELECT service_id, team, classification, channel, 'received', submitted_at / 3600000000,
		CASE WHEN first_action_at IS NULL THEN -1 ELSE (first_action_at - submitted_at) / 3600000000 END, COUNT(*)
	FROM cases GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO case_stat_counts
	SELECT service_id, team, classification, channel, 'closed', closed_at / 3600000000,
		(closed_at - submitted_at) / 86400000000, COUNT(*)
	FROM cases WHERE closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO case_stat_counts
	SELECT service_id, team, classification, channel, 'open', due_at / 3600000000,
		CASE WHEN paused_since IS NULL THEN 0 ELSE 1 END, COUNT(*)
	FROM cases WHERE closed_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE FUNCTION case_first_action() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE cases SET first_action_at = NEW.at
		WHERE id = NEW.case_id AND (first_action_at IS NULL OR first_action_at > NEW.at);
	RETURN NULL;
END $$;
CREATE TRIGGER case_first_action AFTER INSERT ON case_events FOR EACH ROW
	WHEN (NEW.kind IN ('transitioned', 'note', 'assigned') AND NEW.actor <> 'system')
	EXECUTE FUNCTION case_first_action();

-- case_stat_add adds d (1 or -1) to the counts of case c.
CREATE FUNCTION case_stat_add(c cases, d BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO case_stat_counts VALUES (c.service_id, c.team, c.classification, c.channel, 'received',
		c.submitted_at / 3600000000,
		CASE WHEN c.first_action_at IS NULL THEN -1 ELSE (c.first_action_at - c.submitted_at) / 3600000000 END, d)
		ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = case_stat_counts.n + d;
	IF c.closed_at IS NOT NULL THEN
		INSERT INTO case_stat_counts VALUES (c.service_id, c.team, c.classification, c.channel, 'closed',
			c.closed_at / 3600000000, (c.closed_at - c.submitted_at) / 86400000000, d)
			ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = case_stat_counts.n + d;
	ELSE
		INSERT INTO case_stat_counts VALUES (c.service_id, c.team, c.classification, c.channel, 'open',
			c.due_at / 3600000000, CASE WHEN c.paused_since IS NULL THEN 0 ELSE 1 END, d)
			ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = case_stat_counts.n + d;
	END IF;
END $$;

CREATE FUNCTION case_stat() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM case_stat_add(OLD, -1);
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		PERFORM case_stat_add(NEW, 1);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER case_stat_insert AFTER INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION case_stat();
CREATE TRIGGER case_stat_update AFTER UPDATE OF service_id, team, classification, channel, submitted_at, closed_at,
	first_action_at, due_at, paused_since ON cases
	FOR EACH ROW WHEN (OLD.service_id IS DISTINCT FROM NEW.service_id OR OLD.team IS DISTINCT FROM NEW.team
		OR OLD.classification IS DISTINCT FROM NEW.classification OR OLD.channel IS DISTINCT FROM NEW.channel
		OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
		OR OLD.first_action_at IS DISTINCT FROM NEW.first_action_at OR OLD.due_at IS DISTINCT FROM NEW.due_at
		OR OLD.paused_since IS DISTINCT FROM NEW.paused_since)
	EXECUTE FUNCTION case_stat();

-- A dashboard's statutory responses are found by the time they were sent.
CREATE INDEX case_clock_outcomes_done ON case_clock_outcomes (clock, done_at);
