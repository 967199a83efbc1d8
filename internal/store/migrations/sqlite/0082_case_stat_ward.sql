-- The dashboards' kept counts (0077) gain the case's ward (0081), so that
-- figures by ward are read from the counts, not the cases. SQLite cannot
-- change a primary key, so the table is made again, filled afresh from
-- the cases (the old counts had no ward to copy), and its triggers are
-- written again with ward in the key and among the columns they watch.
DROP TRIGGER case_stat_insert;
DROP TRIGGER case_stat_delete;
DROP TRIGGER case_stat_update;
DROP TABLE case_stat_counts;

CREATE TABLE case_stat_counts (
	service_id     TEXT    NOT NULL,
	team           TEXT    NOT NULL,
	classification TEXT    NOT NULL,
	channel        TEXT    NOT NULL,
	ward           TEXT    NOT NULL,
	kind           TEXT    NOT NULL,
	hour           INTEGER NOT NULL,
	value          INTEGER NOT NULL,
	n              INTEGER NOT NULL,
	PRIMARY KEY (service_id, team, classification, channel, ward, kind, hour, value)
);
CREATE INDEX case_stat_counts_hour ON case_stat_counts (kind, hour);

INSERT INTO case_stat_counts
	SELECT service_id, team, classification, channel, ward, 'received', submitted_at / 3600000000,
		CASE WHEN first_action_at IS NULL THEN -1 ELSE (first_action_at - submitted_at) / 3600000000 END, COUNT(*)
	FROM cases GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO case_stat_counts
	SELECT service_id, team, classification, channel, ward, 'closed', closed_at / 3600000000,
		(closed_at - submitted_at) / 86400000000, COUNT(*)
	FROM cases WHERE closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO case_stat_counts
	SELECT service_id, team, classification, channel, ward, 'open', due_at / 3600000000,
		CASE WHEN paused_since IS NULL THEN 0 ELSE 1 END, COUNT(*)
	FROM cases WHERE closed_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- The three triggers below add a case's counts (NEW) and take them away (OLD).
CREATE TRIGGER case_stat_insert AFTER INSERT ON cases BEGIN
	INSERT INTO case_stat_counts VALUES (NEW.service_id, NEW.team, NEW.classification, NEW.channel, NEW.ward, 'received',
		NEW.submitted_at / 3600000000,
		CASE WHEN NEW.first_action_at IS NULL THEN -1 ELSE (NEW.first_action_at - NEW.submitted_at) / 3600000000 END, 1)
		ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = n + 1;
	INSERT INTO case_stat_counts SELECT NEW.service_id, NEW.team, NEW.classification, NEW.channel, NEW.ward, 'closed',
		NEW.closed_at / 3600000000, (NEW.closed_at - NEW.submitted_at) / 86400000000, 1
		WHERE NEW.closed_at IS NOT NULL
		ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = n + 1;
	INSERT INTO case_stat_counts SELECT NEW.service_id, NEW.team, NEW.classification, NEW.channel, NEW.ward, 'open',
		NEW.due_at / 3600000000, CASE WHEN NEW.paused_since IS NULL THEN 0 ELSE 1 END, 1
		WHERE NEW.closed_at IS NULL
		ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stat_delete AFTER DELETE ON cases BEGIN
	UPDATE case_stat_counts SET n = n - 1 WHERE service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND ward = OLD.ward AND kind = 'received'
		AND hour = OLD.submitted_at / 3600000000
		AND value = CASE WHEN OLD.first_action_at IS NULL THEN -1 ELSE (OLD.first_action_at - OLD.submitted_at) / 3600000000 END;
	UPDATE case_stat_counts SET n = n - 1 WHERE OLD.closed_at IS NOT NULL AND service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND ward = OLD.ward AND kind = 'closed'
		AND hour = OLD.closed_at / 3600000000 AND value = (OLD.closed_at - OLD.submitted_at) / 86400000000;
	UPDATE case_stat_counts SET n = n - 1 WHERE OLD.closed_at IS NULL AND service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND ward = OLD.ward AND kind = 'open'
		AND hour = OLD.due_at / 3600000000 AND value = CASE WHEN OLD.paused_since IS NULL THEN 0 ELSE 1 END;
END;

CREATE TRIGGER case_stat_update AFTER UPDATE OF service_id, team, classification, channel, ward, submitted_at, closed_at,
	first_action_at, due_at, paused_since ON cases
	WHEN OLD.service_id IS NOT NEW.service_id OR OLD.team IS NOT NEW.team OR OLD.classification IS NOT NEW.classification
		OR OLD.channel IS NOT NEW.channel OR OLD.ward IS NOT NEW.ward OR OLD.submitted_at IS NOT NEW.submitted_at
		OR OLD.closed_at IS NOT NEW.closed_at OR OLD.first_action_at IS NOT NEW.first_action_at OR OLD.due_at IS NOT NEW.due_at
		OR OLD.paused_since IS NOT NEW.paused_since BEGIN
	UPDATE case_stat_counts SET n = n - 1 WHERE service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND ward = OLD.ward AND kind = 'received'
		AND hour = OLD.submitted_at / 3600000000
		AND value = CASE WHEN OLD.first_action_at IS NULL THEN -1 ELSE (OLD.first_action_at - OLD.submitted_at) / 3600000000 END;
	UPDATE case_stat_counts SET n = n - 1 WHERE OLD.closed_at IS NOT NULL AND service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND ward = OLD.ward AND kind = 'closed'
		AND hour = OLD.closed_at / 3600000000 AND value = (OLD.closed_at - OLD.submitted_at) / 86400000000;
	UPDATE case_stat_counts SET n = n - 1 WHERE OLD.closed_at IS NULL AND service_id = OLD.service_id AND team = OLD.team
		AND classification = OLD.classification AND channel = OLD.channel AND ward = OLD.ward AND kind = 'open'
		AND hour = OLD.due_at / 3600000000 AND value = CASE WHEN OLD.paused_since IS NULL THEN 0 ELSE 1 END;
	INSERT INTO case_stat_counts VALUES (NEW.service_id, NEW.team, NEW.classification, NEW.channel, NEW.ward, 'received',
		NEW.submitted_at / 3600000000,
		CASE WHEN NEW.first_action_at IS NULL THEN -1 ELSE (NEW.first_action_at - NEW.submitted_at) / 3600000000 END, 1)
		ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = n + 1;
	INSERT INTO case_stat_counts SELECT NEW.service_id, NEW.team, NEW.classification, NEW.channel, NEW.ward, 'closed',
		NEW.closed_at / 3600000000, (NEW.closed_at - NEW.submitted_at) / 86400000000, 1
		WHERE NEW.closed_at IS NOT NULL
		ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = n + 1;
	INSERT INTO case_stat_counts SELECT NEW.service_id, NEW.team, NEW.classification, NEW.channel, NEW.ward, 'open',
		NEW.due_at / 3600000000, CASE WHEN NEW.paused_since IS NULL THEN 0 ELSE 1 END, 1
		WHERE NEW.closed_at IS NULL
		ON CONFLICT (service_id, team, classification, channel, ward, kind, hour, value) DO UPDATE SET n = n + 1;
END;
