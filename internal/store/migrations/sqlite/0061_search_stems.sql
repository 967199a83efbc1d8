-- Search matches words by their stem ("roads" finds "road", "reported"
-- finds "report"), as PostgreSQL's English configuration always has, so a
-- search asks for whole words and no longer for a prefix of the last one:
-- FTS5 answers a prefix by merging the posting list of every word that
-- starts with it, which for a common word read every case (tens of ms at a
-- million cases). Both indexes are rebuilt from their content tables.
DROP TRIGGER case_search_ai;
DROP TRIGGER case_search_ad;
DROP TRIGGER case_search_au;
DROP TABLE case_search_fts;
CREATE VIRTUAL TABLE case_search_fts USING fts5 (
	title, body, content = 'case_search', content_rowid = 'case_id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER case_search_ai AFTER INSERT ON case_search BEGIN
	INSERT INTO case_search_fts (rowid, title, body) VALUES (new.case_id, new.title, new.body);
END;
CREATE TRIGGER case_search_ad AFTER DELETE ON case_search BEGIN
	INSERT INTO case_search_fts (case_search_fts, rowid, title, body) VALUES ('delete', old.case_id, old.title, old.body);
END;
CREATE TRIGGER case_search_au AFTER UPDATE ON case_search BEGIN
	INSERT INTO case_search_fts (case_search_fts, rowid, title, body) VALUES ('delete', old.case_id, old.title, old.body);
	INSERT INTO case_search_fts (rowid, title, body) VALUES (new.case_id, new.title, new.body);
END;
INSERT INTO case_search_fts (case_search_fts) VALUES ('rebuild');

DROP TRIGGER record_search_ai;
DROP TRIGGER record_search_ad;
DROP TRIGGER record_search_au;
DROP TABLE record_search_fts;
CREATE VIRTUAL TABLE record_search_fts USING fts5 (
	title, body, content = 'record_search', content_rowid = 'document_id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER record_search_ai AFTER INSERT ON record_search BEGIN
	INSERT INTO record_search_fts (rowid, title, body) VALUES (new.document_id, new.title, new.body);
END;
CREATE TRIGGER record_search_ad AFTER DELETE ON record_search BEGIN
	INSERT INTO record_search_fts (record_search_fts, rowid, title, body) VALUES ('delete', old.document_id, old.title, old.body);
END;
CREATE TRIGGER record_search_au AFTER UPDATE ON record_search BEGIN
	INSERT INTO record_search_fts (record_search_fts, rowid, title, body) VALUES ('delete', old.document_id, old.title, old.body);
	INSERT INTO record_search_fts (rowid, title, body) VALUES (new.document_id, new.title, new.body);
END;
INSERT INTO record_search_fts (record_search_fts) VALUES ('rebuild');
