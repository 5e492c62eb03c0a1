-- The stored order breaks ties by ref as the engine in C does, byte by byte
-- (strcmp in core/queue.c), whatever the database's default collation: a
-- cluster created with a linguistic locale would otherwise order equal
-- scores differently from `dun queue`. The order index is rebuilt with it.
ALTER TABLE dun.queue_keys ALTER COLUMN ref TYPE text COLLATE "C";
