-- A long queue's length without counting it (issue 14): counting an agent's
-- 334,000 active accounts under row-level security took 0.3-0.5 s, more
-- than the whole first window. Each agent's active accounts and each team
-- pool's are counted as accounts are written, by statement triggers in the
-- writer's transaction; the workstation reads one or two rows
-- (dun.queue_length).
CREATE TABLE dun.queue_lengths (
    kind char(1) NOT NULL CHECK (kind IN ('a', 'p')), -- a: an agent's active accounts; p: a team's pool
    id bigint NOT NULL,                                 -- the agent's or the team's id
    n bigint NOT NULL,
    PRIMARY KEY (kind, id)
);
INSERT INTO dun.queue_lengths (kind, id, n)
SELECT 'a', assigned_agent_id, count(*) FROM dun.accounts
 WHERE status = 'active' AND assigned_agent_id IS NOT NULL GROUP BY assigned_agent_id
UNION ALL
SELECT 'p', team_id, count(*) FROM dun.accounts
 WHERE status = 'active' AND assigned_agent_id IS NULL AND team_id IS NOT NULL GROUP BY team_id;
-- Counts are no one's personal data; the figures screen shows as much.
GRANT SELECT ON dun.queue_lengths TO dun_agent, dun_system;

-- The counts move with the accounts a statement wrote: +1 for each as it
-- is now, -1 for each as it was.
CREATE FUNCTION dun.queue_lengths_ins() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    INSERT INTO dun.queue_lengths AS q (kind, id, n)
    SELECT kind, id, sum(d) FROM (
        SELECT CASE WHEN assigned_agent_id IS NULL THEN 'p' ELSE 'a' END AS kind,
               coalesce(assigned_agent_id, team_id) AS id, 1 AS d
          FROM new_rows WHERE status = 'active' AND coalesce(assigned_agent_id, team_id) IS NOT NULL) c
     GROUP BY kind, id ORDER BY kind, id
    ON CONFLICT (kind, id) DO UPDATE SET n = q.n + EXCLUDED.n;
    RETURN NULL;
END
$$;
CREATE FUNCTION dun.queue_lengths_upd() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    INSERT INTO dun.queue_lengths AS q (kind, id, n)
    SELECT kind, id, sum(d) FROM (
        SELECT CASE WHEN assigned_agent_id IS NULL THEN 'p' ELSE 'a' END AS kind,
               coalesce(assigned_agent_id, team_id) AS id, 1 AS d
          FROM new_rows WHERE status = 'active' AND coalesce(assigned_agent_id, team_id) IS NOT NULL
        UNION ALL
        SELECT CASE WHEN assigned_agent_id IS NULL THEN 'p' ELSE 'a' END,
               coalesce(assigned_agent_id, team_id), -1
          FROM old_rows WHERE status = 'active' AND coalesce(assigned_agent_id, team_id) IS NOT NULL) c
     GROUP BY kind, id HAVING sum(d) <> 0 ORDER BY kind, id
    ON CONFLICT (kind, id) DO UPDATE SET n = q.n + EXCLUDED.n;
    RETURN NULL;
END
$$;
CREATE FUNCTION dun.queue_lengths_del() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    INSERT INTO dun.queue_lengths AS q (kind, id, n)
    SELECT kind, id, -sum(d) FROM (
        SELECT CASE WHEN assigned_agent_id IS NULL THEN 'p' ELSE 'a' END AS kind,
               coalesce(assigned_agent_id, team_id) AS id, 1 AS d
          FROM old_rows WHERE status = 'active' AND coalesce(assigned_agent_id, team_id) IS NOT NULL) c
     GROUP BY kind, id ORDER BY kind, id
    ON CONFLICT (kind, id) DO UPDATE SET n = q.n + EXCLUDED.n;
    RETURN NULL;
END
$$;
CREATE FUNCTION dun.queue_lengths_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    DELETE FROM dun.queue_lengths;
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_lengths_ins AFTER INSERT ON dun.accounts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_lengths_ins();
CREATE TRIGGER accounts_lengths_upd AFTER UPDATE ON dun.accounts REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_lengths_upd();
CREATE TRIGGER accounts_lengths_del AFTER DELETE ON dun.accounts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_lengths_del();
CREATE TRIGGER accounts_lengths_truncate AFTER TRUNCATE ON dun.accounts
    FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_lengths_truncate();

-- The length of an agent's queue (STORE_WORKLIST): their active accounts
-- and their team's pool when it has one.
CREATE FUNCTION dun.queue_length(p_agent bigint) RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT coalesce((SELECT n FROM dun.queue_lengths WHERE kind = 'a' AND id = p_agent), 0)
         + coalesce((SELECT n FROM dun.queue_lengths WHERE kind = 'p' AND id = dun.agent_pool(p_agent)), 0)
$$;

-- A change to an account's facts makes its key stale (migration 038), but a
-- key row this transaction wrote already is stale, and no other session
-- can have read it: an import's phones and emails no longer update again
-- the keys its accounts just created (that doubled an import's time).
CREATE OR REPLACE FUNCTION dun.queue_keys_stale() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    UPDATE dun.queue_keys k SET gen = k.gen + 1, edge = '-infinity'
     WHERE k.account_id IN (SELECT account_id FROM changed)
       AND k.xmin::text::bigint <> txid_current() % 4294967296;
    RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION dun.queue_keys_stale_by_id() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    UPDATE dun.queue_keys k SET gen = k.gen + 1, edge = '-infinity'
     WHERE k.account_id IN (SELECT id FROM changed)
       AND k.xmin::text::bigint <> txid_current() % 4294967296;
    RETURN NULL;
END
$$;
