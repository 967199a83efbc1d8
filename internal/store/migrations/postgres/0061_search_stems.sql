-- SQLite's search indexes now stem words as PostgreSQL's English
-- configuration always has (see sqlite/0061_search_stems.sql); nothing
-- changes here. The file keeps the two folders' numbers in step.
SELECT 1;
