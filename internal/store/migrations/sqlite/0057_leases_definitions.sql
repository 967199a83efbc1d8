-- Nodes that share one database run each periodic task once a period: a
-- node runs a task only after claiming its row for the period. held_until
-- is when the claim lapses unless the holder renews it (a killed node's
-- task is taken up again then); next_due is the start of the next period,
-- before which no node starts the task again. Times are microseconds.
CREATE TABLE task_leases (
	name       TEXT    PRIMARY KEY,
	holder     TEXT    NOT NULL,
	held_until INTEGER NOT NULL,
	next_due   INTEGER NOT NULL
);

-- The service definitions in force, as published by a node (at start when
-- its folder differs, and on SIGHUP). Every node polls for a newer version
-- and loads it from here, so one publish reaches all of them. bundle is a
-- zip of the definitions folder; digest is over its paths and contents.
CREATE TABLE definitions (
	version      INTEGER PRIMARY KEY,
	digest       TEXT    NOT NULL,
	bundle       BLOB    NOT NULL,
	published_at INTEGER NOT NULL,
	published_by TEXT    NOT NULL
);
