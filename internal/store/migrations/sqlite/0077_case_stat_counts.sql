-- Dashboard aggregates kept as cases change, so that a dashboard reads a
-- few thousand counts rather than every case (docs/statistics.md).
--
-- first_action_at is when a person (not the platform) first transitioned,
-- noted or assigned the case; kept by a trigger on case_events.
ALTER TABLE cases ADD COLUMN first_action_at INTEGER;
UPDATE cases SET first_action_at = (SELECT MIN(e.at) FROM case_events e WHERE e.case_id = cases.id
	AND e.kind IN ('transitioned', 'note', 'assigned') AND e.actor <> 'system');

-- case_stat_counts counts cases by service, team, classification, channel,
-- kind and hour (since 1970, UTC). Kind 'received' is at the hour of
-- submission, with value the whole hours to the first action (-1: none
-- yet); kind 'closed' is at the hour of closing, with value the whole days
-- from submission; kind 'open' counts cases not closed at the hour they
-- are due, with value 1 while their clock is paused (a case with no due
-- date is due at the largest time). Triggers on cases keep it in the same transaction as
-- every insert, update and delete of a case, whichever code makes them.
CREATE TABLE case_stat_counts (
	service_id     TEXT    NOT NULL,
	team           TEXT    NOT NULL,
	classification TEXT    NOT NULL,
	channel        TEXT    NOT NULL,
	kind           TEXT    NOT NULL,
	hour           INTEGER NOT NULL,
	value          INTEGER NOT NULL,
	n              INTEGER NOT NULL,
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

CREATE TRIGGER case_first_action AFTER INSERT ON case_events
	WHEN NEW.kind IN ('transitioned', 'note', 'assigned') AND NEW.actor <> 'system' BEGIN
	UPDATE cases SET first_action_at = NEW.at
		WHERE id = NEW.case_id AND (first_action_at IS NULL OR first_action_at > NEW.at);
END;

-- The three triggers below add a case's counts (NEW) and take them away (OLD).
CREATE TRIGGER case_stat_insert AFTER INSERT ON cases BEGIN
	INSERT INTO case_stat_counts VALUES (NEW.service_id, NEW.team, NEW.classification, NEW.channel, 'received',
		NEW.submitted_at / 3600000000,
		CASE WHEN NEW.first_action_at IS NULL THEN -1 ELSE (NEW.first_action_at - NEW.submitted_at) / 3600000000 END, 1)
		ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = n + 1;
	INSERT INTO case_stat_counts SELECT NEW.service_id, NEW.team, NEW.classification, NEW.channel, 'closed',
		NEW.closed_at / 3600000000, (NEW.closed_at - NEW.submitted_at) / 86400000000, 1
		WHERE NEW.closed_at IS NOT NULL
		ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = n + 1;
	INSERT INTO case_stat_counts SELECT NEW.service_id, NEW.team, NEW.classification, NEW.channel, 'open',
		NEW.due_at / 3600000000, CASE WHEN NEW.paused_since IS NULL THEN 0 ELSE 1 END, 1
		WHERE NEW.closed_at IS NULL
		ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stat_delete AFTER DELETE ON cases BEGIN
	UPDATE case_stat_counts SET n = n - 1 WHERE service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND kind = 'received'
		AND hour = OLD.submitted_at / 3600000000
		AND value = CASE WHEN OLD.first_action_at IS NULL THEN -1 ELSE (OLD.first_action_at - OLD.submitted_at) / 3600000000 END;
	UPDATE case_stat_counts SET n = n - 1 WHERE OLD.closed_at IS NOT NULL AND service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND kind = 'closed'
		AND hour = OLD.closed_at / 3600000000 AND value = (OLD.closed_at - OLD.submitted_at) / 86400000000;
	UPDATE case_stat_counts SET n = n - 1 WHERE OLD.closed_at IS NULL AND service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND kind = 'open'
		AND hour = OLD.due_at / 3600000000 AND value = CASE WHEN OLD.paused_since IS NULL THEN 0 ELSE 1 END;
END;

CREATE TRIGGER case_stat_update AFTER UPDATE OF service_id, team, classification, channel, submitted_at, closed_at,
	first_action_at, due_at, paused_since ON cases
	WHEN OLD.service_id IS NOT NEW.service_id OR OLD.team IS NOT NEW.team OR OLD.classification IS NOT NEW.classification
		OR OLD.channel IS NOT NEW.channel OR OLD.submitted_at IS NOT NEW.submitted_at OR OLD.closed_at IS NOT NEW.closed_at
		OR OLD.first_action_at IS NOT NEW.first_action_at OR OLD.due_at IS NOT NEW.due_at
		OR OLD.paused_since IS NOT NEW.paused_since BEGIN
	UPDATE case_stat_counts SET n = n - 1 WHERE service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND kind = 'received'
		AND hour = OLD.submitted_at / 3600000000
		AND value = CASE WHEN OLD.first_action_at IS NULL THEN -1 ELSE (OLD.first_action_at - OLD.submitted_at) / 3600000000 END;
	UPDATE case_stat_counts SET n = n - 1 WHERE OLD.closed_at IS NOT NULL AND service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND kind = 'closed'
		AND hour = OLD.closed_at / 3600000000 AND value = (OLD.closed_at - OLD.submitted_at) / 86400000000;
	UPDATE case_stat_counts SET n = n - 1 WHERE OLD.closed_at IS NULL AND service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND kind = 'open'
		AND hour = OLD.due_at / 3600000000 AND value = CASE WHEN OLD.paused_since IS NULL THEN 0 ELSE 1 END;
	INSERT INTO case_stat_counts VALUES (NEW.service_id, NEW.team, NEW.classification, NEW.channel, 'received',
		NEW.submitted_at / 3600000000,
		CASE WHEN NEW.first_action_at IS NULL THEN -1 ELSE (NEW.first_action_at - NEW.submitted_at) / 3600000000 END, 1)
		ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = n + 1;
	INSERT INTO case_stat_counts SELECT NEW.service_id, NEW.team, NEW.classification, NEW.channel, 'closed',
		NEW.closed_at / 3600000000, (NEW.closed_at - NEW.submitted_at) / 86400000000, 1
		WHERE NEW.closed_at IS NOT NULL
		ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = n + 1;
	INSERT INTO case_stat_counts SELECT NEW.service_id, NEW.team, NEW.classification, NEW.channel, 'open',
		NEW.due_at / 3600000000, CASE WHEN NEW.paused_since IS NULL THEN 0 ELSE 1 END, 1
		WHERE NEW.closed_at IS NULL
		ON CONFLICT (service_id, team, classification, channel, kind, hour, value) DO UPDATE SET n = n + 1;
END;

-- A dashboard's statutory responses are found by the time they were sent.
CREATE INDEX case_clock_outcomes_done ON case_clock_outcomes (clock, done_at);
