-- 034: a team's unassigned pool (issue 13). An account assigned to nobody
-- may belong to a team (accounts.team_id, the import's `team` column). When
-- the team has a pool configured (teams.pool), its agents see those
-- accounts in their queue, and opening one takes it into their own book
-- (one UPDATE: the first to open it gets it). A supervisor sees the team's
-- unassigned accounts whether or not the agents do, and may hand them out.
ALTER TABLE dun.teams ADD COLUMN pool boolean NOT NULL DEFAULT false;
ALTER TABLE dun.accounts ADD COLUMN team_id bigint REFERENCES dun.teams(id);
CREATE INDEX accounts_pool_idx ON dun.accounts (team_id) WHERE assigned_agent_id IS NULL;

-- The pool agent p works from (their team's, when it has one), NULL when none.
CREATE FUNCTION dun.agent_pool(p bigint) RETURNS bigint LANGUAGE sql STABLE
SET search_path = pg_catalog AS $$
    SELECT t.id FROM dun.agents g JOIN dun.teams t ON t.id = g.team_id WHERE g.id = p AND g.active AND t.pool
$$;

-- The unassigned accounts the current role sees: an agent its team's pool
-- when configured; a supervisor its team's always.
CREATE FUNCTION dun.visible_pool() RETURNS bigint LANGUAGE sql STABLE
SET search_path = pg_catalog AS $$
    SELECT t.id FROM dun.agents me JOIN dun.teams t ON t.id = me.team_id
     WHERE me.login = current_user::text AND me.active
       AND (t.pool OR pg_has_role(current_user, 'dun_supervisor', 'MEMBER'))
$$;

-- WITH CHECK is unchanged: whatever an agent writes on an account must
-- leave it in a book they may work, so taking one from the pool makes it
-- theirs, and nobody puts an account back into the pool but the system or
-- an admin.
DROP POLICY accounts_book ON dun.accounts;
CREATE POLICY accounts_book ON dun.accounts
    USING ((SELECT dun.sees_all()) OR assigned_agent_id = ANY ((SELECT dun.visible_agents())::bigint[])
           OR (assigned_agent_id IS NULL AND team_id = (SELECT dun.visible_pool())))
    WITH CHECK ((SELECT dun.sees_all()) OR assigned_agent_id = ANY ((SELECT dun.visible_agents())::bigint[]));

-- `dun team pool TEAM on|off`: the system and admins only (an admin has no
-- UPDATE on teams of their own). Returns how many active unassigned
-- accounts wait in the team's pool.
CREATE FUNCTION dun.team_pool_set(p_team text, p_on boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    t bigint;
BEGIN
    IF NOT dun.caller_sees_all() THEN
        RAISE EXCEPTION 'only an admin may configure a team''s pool' USING ERRCODE = '42501';
    END IF;
    UPDATE dun.teams SET pool = p_on WHERE name = p_team RETURNING id INTO t;
    IF t IS NULL THEN
        RAISE EXCEPTION 'no team "%"', p_team USING ERRCODE = '02000';
    END IF;
    RETURN (SELECT count(*) FROM dun.accounts WHERE team_id = t AND assigned_agent_id IS NULL AND status = 'active');
END
$$;
REVOKE EXECUTE ON FUNCTION dun.team_pool_set(text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dun.team_pool_set(text, boolean) TO dun_agent, dun_system;
