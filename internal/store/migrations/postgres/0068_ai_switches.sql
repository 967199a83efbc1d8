-- Issue 17 §6: an administrator switches an AI feature off for a service
-- from the workspace. A row is a feature switched off; switching it back on
-- deletes the row. Who and when are kept here for the page; every change is
-- also in the audit log.
CREATE TABLE ai_switched_off (
	feature    TEXT   NOT NULL,
	service_id TEXT   NOT NULL,
	changed_by TEXT   NOT NULL,
	changed_at BIGINT NOT NULL,
	PRIMARY KEY (feature, service_id)
);
