-- 030: who, to the database, made each audited action (issue 13): the
-- role that was connected, beside the agent dun resolved (which a flag
-- could name until identity comes from the database role alone).
ALTER TABLE dun.audit ADD COLUMN db_role text NOT NULL DEFAULT session_user;
