-- 031: who you are and what you may see (issue 13, parts 1 and 2).
--
-- Agents are PostgreSQL login roles, members of one of the group roles
-- dun_agent, dun_supervisor or dun_admin (a supervisor is also an agent, an
-- admin also a supervisor). `dun agent add` creates them. A role in none of
-- these groups is the system: the database's owner, `dun serve`, imports,
-- batch jobs; dun_system is the group to put such a login in.
-- `dun migrate` therefore needs CREATEROLE (or a superuser) once.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dun_agent') THEN CREATE ROLE dun_agent NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dun_supervisor') THEN CREATE ROLE dun_supervisor NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dun_admin') THEN CREATE ROLE dun_admin NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dun_system') THEN CREATE ROLE dun_system NOLOGIN; END IF;
END
$$;
GRANT dun_agent TO dun_supervisor;
GRANT dun_supervisor TO dun_admin;

-- --- who the session is -----------------------------------------------------------
-- Evaluated once per query where policies wrap them in a scalar subquery.
-- SECURITY DEFINER: they read dun.agents whatever the caller may read.

-- The system (no agent group) and admins see every account.
CREATE FUNCTION dun.sees_all() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$
    SELECT pg_has_role(session_user, 'dun_admin', 'MEMBER') OR NOT pg_has_role(session_user, 'dun_agent', 'MEMBER')
$$;

-- The session's agent (its login is the role's name), NULL when none.
CREATE FUNCTION dun.session_agent_id() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$
    SELECT id FROM dun.agents WHERE login = session_user::text AND active
$$;

-- Whose books the session sees: its own; a supervisor, its team's. Empty
-- for an agent role with no active agent row.
CREATE FUNCTION dun.visible_agents() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$
    SELECT coalesce(array_agg(g.id), '{}')
      FROM dun.agents me JOIN dun.agents g
        ON g.id = me.id OR (pg_has_role(session_user, 'dun_supervisor', 'MEMBER') AND g.team_id = me.team_id)
     WHERE me.login = session_user::text AND me.active
$$;

-- The session's whole team (the thank-you log is the team's).
CREATE FUNCTION dun.team_agents() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$
    SELECT coalesce(array_agg(g.id), '{}')
      FROM dun.agents me JOIN dun.agents g ON g.id = me.id OR g.team_id = me.team_id
     WHERE me.login = session_user::text AND me.active
$$;

-- --- what agents may do ------------------------------------------------------------
GRANT USAGE ON SCHEMA dun TO dun_agent, dun_system;
GRANT SELECT ON ALL TABLES IN SCHEMA dun TO dun_agent;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA dun TO dun_agent;
-- Tables later migrations add are readable too (their writes are granted
-- where they are made).
ALTER DEFAULT PRIVILEGES IN SCHEMA dun GRANT SELECT ON TABLES TO dun_agent;
ALTER DEFAULT PRIVILEGES IN SCHEMA dun GRANT USAGE, SELECT ON SEQUENCES TO dun_agent;
-- Work on an account: append to its log, promise, plan, note, call back,
-- message, flag; take and renew its lease.
GRANT INSERT ON dun.contacts, dun.promises, dun.plans, dun.notes, dun.callbacks, dun.outbox, dun.outbox_events,
    dun.links, dun.flag_changes, dun.thanks, dun.thanks_seen, dun.nudge_dismissals, dun.account_leases, dun.audit
    TO dun_agent;
GRANT UPDATE ON dun.accounts, dun.phones, dun.emails, dun.promises, dun.plans, dun.callbacks, dun.outbox,
    dun.inbound, dun.thanks_seen, dun.account_leases TO dun_agent;
GRANT DELETE ON dun.account_leases, dun.nudge_dismissals TO dun_agent;
GRANT UPDATE (monthly_target_minor, target_currency) ON dun.agents TO dun_supervisor;
-- Append-only for every role: the contact log, the message events and the
-- thanks are never updated or deleted (their triggers stay as a second wall).
REVOKE UPDATE, DELETE, TRUNCATE ON dun.contacts, dun.outbox_events, dun.thanks FROM PUBLIC, dun_agent, dun_system;

-- --- row-level security ------------------------------------------------------------
-- FORCE: the table owner is held to the policies too (a superuser is not:
-- PostgreSQL exempts it). The system sees everything through sees_all().
ALTER TABLE dun.accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE dun.accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY accounts_book ON dun.accounts
    USING ((SELECT dun.sees_all()) OR assigned_agent_id = ANY ((SELECT dun.visible_agents())::bigint[]))
    WITH CHECK ((SELECT dun.sees_all()) OR assigned_agent_id = ANY ((SELECT dun.visible_agents())::bigint[]));

-- Everything that hangs off an account follows it: visible, and writable,
-- only with an account the session sees. A correlated EXISTS (one probe of
-- the accounts' key per row, the accounts policy applied to it), not IN:
-- inside the queue's per-account subqueries an IN was a hashed subplan
-- rebuilt for every account, quadratic at a million accounts.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['phones', 'emails', 'contacts', 'promises', 'plans', 'payments', 'notes', 'callbacks',
                             'outbox', 'flag_changes', 'links', 'reminder_assignments', 'account_leases']
    LOOP
        EXECUTE format('ALTER TABLE dun.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE dun.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON dun.%I'
                       ' USING ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.accounts a WHERE a.id = account_id))'
                       ' WITH CHECK ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.accounts a WHERE a.id = account_id))',
                       t || '_book', t);
    END LOOP;
END
$$;

-- Replies: those on a visible account; a supervisor also those that found
-- no account (the review list).
ALTER TABLE dun.inbound ENABLE ROW LEVEL SECURITY;
ALTER TABLE dun.inbound FORCE ROW LEVEL SECURITY;
CREATE POLICY inbound_book ON dun.inbound
    USING ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.accounts a WHERE a.id = account_id)
           OR (account_id IS NULL AND pg_has_role(session_user, 'dun_supervisor', 'MEMBER')))
    WITH CHECK ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.accounts a WHERE a.id = account_id));

-- A message's events follow the message.
ALTER TABLE dun.outbox_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE dun.outbox_events FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_events_book ON dun.outbox_events
    USING ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.outbox o WHERE o.id = outbox_id))
    WITH CHECK ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.outbox o WHERE o.id = outbox_id));

-- The thank-you log is the team's; an agent thanks as themselves.
ALTER TABLE dun.thanks ENABLE ROW LEVEL SECURITY;
ALTER TABLE dun.thanks FORCE ROW LEVEL SECURITY;
CREATE POLICY thanks_team ON dun.thanks
    USING ((SELECT dun.sees_all()) OR giver_id = ANY ((SELECT dun.team_agents())::bigint[])
           OR receiver_id = ANY ((SELECT dun.team_agents())::bigint[]))
    WITH CHECK ((SELECT dun.sees_all()) OR giver_id = (SELECT dun.session_agent_id()));

-- The audit log: anyone may add to it (as themselves); only the system and
-- admins read it.
ALTER TABLE dun.audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE dun.audit FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON dun.audit FOR SELECT USING ((SELECT dun.sees_all()));
CREATE POLICY audit_write ON dun.audit FOR INSERT
    WITH CHECK ((SELECT dun.sees_all()) OR (agent_id IS NOT DISTINCT FROM (SELECT dun.session_agent_id())
                                            AND db_role = session_user::text));

-- Indexes that lead with what the policies ask.
CREATE INDEX IF NOT EXISTS agents_team_idx ON dun.agents (team_id, id);

-- --- managing agents -----------------------------------------------------------------
-- `dun agent add` and `dun agent disable` go through these, so that an admin
-- (who has no CREATEROLE of their own) can manage agents, and the role's
-- name is quoted by the server (format %I), never built by the client.
-- Only the system and admins may call them.
CREATE FUNCTION dun.agent_add(p_login text, p_name text, p_team text, p_role text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    team bigint;
    id   bigint;
BEGIN
    IF NOT dun.sees_all() THEN
        RAISE EXCEPTION 'only an admin may add agents' USING ERRCODE = '42501';
    END IF;
    IF p_role NOT IN ('agent', 'supervisor', 'admin') THEN
        RAISE EXCEPTION 'the role is agent, supervisor or admin, not "%"', p_role USING ERRCODE = '22023';
    END IF;
    IF p_login !~ '^[a-z0-9][a-z0-9._-]{0,63}$' THEN
        RAISE EXCEPTION 'a login is lower-case letters, digits, ".", "_" or "-" (up to 64), not "%"', p_login
              USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM dun.agents WHERE login = p_login) THEN
        RAISE EXCEPTION 'an agent with the login % exists already', p_login USING ERRCODE = '23505';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        RAISE EXCEPTION 'a database role named % exists already: it is not made an agent behind its owner''s back',
              p_login USING ERRCODE = '42710';
    END IF;
    SELECT t.id INTO team FROM dun.teams t WHERE t.name = p_team;
    IF team IS NULL THEN
        INSERT INTO dun.teams (name) VALUES (p_team) RETURNING dun.teams.id INTO team;
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', p_login, 'dun_' || p_role);
    INSERT INTO dun.agents (login, display_name, role, team_id) VALUES (p_login, p_name, p_role, team)
    RETURNING dun.agents.id INTO id;
    RETURN id;
END
$$;

-- Disabling keeps the agent's history: the row stays (inactive) and the
-- role stays, without LOGIN.
CREATE FUNCTION dun.agent_disable(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF NOT dun.sees_all() THEN
        RAISE EXCEPTION 'only an admin may disable agents' USING ERRCODE = '42501';
    END IF;
    UPDATE dun.agents SET active = false WHERE login = p_login;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no agent with the login %', p_login USING ERRCODE = '02000';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION dun.agent_add(text, text, text, text), dun.agent_disable(text) FROM PUBLIC;
-- Agents may call them, to be told plainly that only an admin may.
GRANT EXECUTE ON FUNCTION dun.agent_add(text, text, text, text), dun.agent_disable(text) TO dun_agent, dun_system;
