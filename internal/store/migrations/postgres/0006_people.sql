-- People and properties: source records about persons, golden persons,
-- officers' link decisions, the model's suggestions, the gazetteer and the
-- places cases concern. Times are microseconds since the Unix epoch (UTC).

CREATE TABLE people_persons (
	id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	given_name    TEXT    NOT NULL DEFAULT '',
	family_name   TEXT    NOT NULL DEFAULT '',
	date_of_birth TEXT    NOT NULL DEFAULT '',
	email         TEXT    NOT NULL DEFAULT '',
	phone         TEXT    NOT NULL DEFAULT '',
	address       JSONB   NOT NULL DEFAULT '{}',
	postcode      TEXT    NOT NULL DEFAULT '',
	provenance    JSONB   NOT NULL DEFAULT '{}',
	updated_at    BIGINT  NOT NULL
);

CREATE TABLE people_records (
	id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key           TEXT    NOT NULL UNIQUE,
	source        TEXT    NOT NULL,
	given_name    TEXT    NOT NULL DEFAULT '',
	family_name   TEXT    NOT NULL DEFAULT '',
	-- family_lower and given_lower serve the person search.
	family_lower  TEXT    NOT NULL DEFAULT '',
	given_lower   TEXT    NOT NULL DEFAULT '',
	date_of_birth TEXT    NOT NULL DEFAULT '',
	email         TEXT    NOT NULL DEFAULT '',
	phone         TEXT    NOT NULL DEFAULT '',
	address       JSONB   NOT NULL DEFAULT '{}',
	postcode      TEXT    NOT NULL DEFAULT '',
	uprn          TEXT    NOT NULL DEFAULT '',
	uprn_match    TEXT    NOT NULL DEFAULT '',
	case_ref      TEXT    NOT NULL DEFAULT '',
	observed_at   BIGINT  NOT NULL,
	updated_at    BIGINT  NOT NULL,
	person_id     BIGINT  REFERENCES people_persons (id) ON DELETE SET NULL
);
CREATE INDEX people_records_person ON people_records (person_id, id);
CREATE INDEX people_records_uprn   ON people_records (uprn) WHERE uprn <> '';
CREATE INDEX people_records_case   ON people_records (case_ref) WHERE case_ref <> '';
CREATE INDEX people_records_family ON people_records (family_lower, given_lower);
CREATE INDEX people_records_dob    ON people_records (date_of_birth) WHERE date_of_birth <> '';
CREATE INDEX people_records_postcode ON people_records (postcode) WHERE postcode <> '';

-- One decision per pair of record keys (left < right); a later one replaces it.
CREATE TABLE people_decisions (
	id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	left_key   TEXT    NOT NULL,
	right_key  TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	actor      TEXT    NOT NULL,
	reason     TEXT    NOT NULL DEFAULT '',
	decided_at BIGINT  NOT NULL,
	UNIQUE (left_key, right_key)
);

-- Replaced wholesale by every linkage run.
CREATE TABLE people_suggestions (
	left_key    TEXT NOT NULL,
	right_key   TEXT NOT NULL,
	probability DOUBLE PRECISION NOT NULL,
	why         JSONB NOT NULL DEFAULT '[]',
	PRIMARY KEY (left_key, right_key)
);
CREATE INDEX people_suggestions_right ON people_suggestions (right_key);

CREATE TABLE people_properties (
	uprn           TEXT    PRIMARY KEY,
	usrn           TEXT    NOT NULL DEFAULT '',
	parent_uprn    TEXT    NOT NULL DEFAULT '',
	sao            JSONB   NOT NULL DEFAULT '{}',
	pao            JSONB   NOT NULL DEFAULT '{}',
	street         TEXT    NOT NULL DEFAULT '',
	locality       TEXT    NOT NULL DEFAULT '',
	town           TEXT    NOT NULL DEFAULT '',
	postcode       TEXT    NOT NULL,
	x              DOUBLE PRECISION NOT NULL DEFAULT 0,
	y              DOUBLE PRECISION NOT NULL DEFAULT 0,
	lat            DOUBLE PRECISION NOT NULL DEFAULT 0,
	lon            DOUBLE PRECISION NOT NULL DEFAULT 0,
	logical_status BIGINT  NOT NULL,
	class          TEXT    NOT NULL DEFAULT '',
	-- sort_key orders a postcode's addresses: street, then numbers, then text.
	sort_key       TEXT    NOT NULL DEFAULT '',
	updated_at     BIGINT  NOT NULL
);
CREATE INDEX people_properties_postcode ON people_properties (postcode, sort_key);

CREATE TABLE people_case_places (
	case_ref TEXT NOT NULL,
	uprn     TEXT NOT NULL,
	PRIMARY KEY (uprn, case_ref)
);

-- Watermarks and the linkage generation counters.
CREATE TABLE people_state (
	key   TEXT    PRIMARY KEY,
	value BIGINT  NOT NULL
);
INSERT INTO people_state (key, value) VALUES ('cases_after', 0), ('generation', 0), ('linked_generation', 0);
