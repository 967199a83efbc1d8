-- Reports on a map (issue 16 §2, §3).
-- case_points: where a report is, for "already reported nearby?" and the
-- public report page. One row per case whose answers hold a map point;
-- kept apart from cases so the queue indexes stay as they are. The
-- (service_id, lat) index turns a radius into a narrow range scan.
CREATE TABLE case_points (
	case_id    BIGINT           PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
	service_id TEXT             NOT NULL,
	lat        DOUBLE PRECISION NOT NULL,
	lng        DOUBLE PRECISION NOT NULL
);
CREATE INDEX case_points_service_lat ON case_points (service_id, lat, lng);
-- case_followers: residents told of a report's public updates and its
-- closing. One row per case and address, so following twice is one follow.
CREATE TABLE case_followers (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id    BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	channel    TEXT   NOT NULL,
	address    TEXT   NOT NULL,
	created_at BIGINT NOT NULL,
	UNIQUE (case_id, channel, address)
);
