-- 032: every agent row has its login role, and the team's figures reach
-- the agents they are about (issue 13).
--
-- 1. Identity per query. The policies ask who the *current* user is, not
--    the session's login: a SECURITY DEFINER function runs as its owner (the
--    system), so the few narrow functions below may read across books and
--    return only what they were written to return. An agent cannot become
--    anyone else: SET ROLE reaches only the group roles, which are no agent.
--    Permission checks inside those functions ask for the caller, the
--    session's login (dun.caller_sees_all).
CREATE OR REPLACE FUNCTION dun.sees_all() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog AS $$
    SELECT pg_has_role(current_user, 'dun_admin', 'MEMBER') OR NOT pg_has_role(current_user, 'dun_agent', 'MEMBER')
$$;
ALTER FUNCTION dun.sees_all() SECURITY INVOKER;

CREATE FUNCTION dun.caller_sees_all() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog AS $$
    SELECT pg_has_role(session_user, 'dun_admin', 'MEMBER') OR NOT pg_has_role(session_user, 'dun_agent', 'MEMBER')
$$;

CREATE OR REPLACE FUNCTION dun.session_agent_id() RETURNS bigint LANGUAGE sql STABLE
SET search_path = pg_catalog AS $$
    SELECT id FROM dun.agents WHERE login = current_user::text AND active
$$;
ALTER FUNCTION dun.session_agent_id() SECURITY INVOKER;

CREATE OR REPLACE FUNCTION dun.visible_agents() RETURNS bigint[] LANGUAGE sql STABLE
SET search_path = pg_catalog AS $$
    SELECT coalesce(array_agg(g.id), '{}')
      FROM dun.agents me JOIN dun.agents g
        ON g.id = me.id OR (pg_has_role(current_user, 'dun_supervisor', 'MEMBER') AND g.team_id = me.team_id)
     WHERE me.login = current_user::text AND me.active
$$;
ALTER FUNCTION dun.visible_agents() SECURITY INVOKER;

CREATE OR REPLACE FUNCTION dun.team_agents() RETURNS bigint[] LANGUAGE sql STABLE
SET search_path = pg_catalog AS $$
    SELECT coalesce(array_agg(g.id), '{}')
      FROM dun.agents me JOIN dun.agents g ON g.id = me.id OR g.team_id = me.team_id
     WHERE me.login = current_user::text AND me.active
$$;
ALTER FUNCTION dun.team_agents() SECURITY INVOKER;

DROP POLICY inbound_book ON dun.inbound;
CREATE POLICY inbound_book ON dun.inbound
    USING ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.accounts a WHERE a.id = account_id)
           OR (account_id IS NULL AND pg_has_role(current_user, 'dun_supervisor', 'MEMBER')))
    WITH CHECK ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.accounts a WHERE a.id = account_id));

-- Managing agents asks for the caller (these run as their owner).
CREATE OR REPLACE FUNCTION dun.agent_add(p_login text, p_name text, p_team text, p_role text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    team bigint;
    id   bigint;
BEGIN
    IF NOT dun.caller_sees_all() THEN
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

CREATE OR REPLACE FUNCTION dun.agent_disable(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF NOT dun.caller_sees_all() THEN
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

-- 2. Every agent row has its login role. Unlike dun.agent_add, a role of
--    that name that exists already is taken over: role names are the
--    cluster's, every database of a cluster (each test's, a developer's
--    second demo) seeds the same demo logins, and an operator who gave
--    agents roles by hand before 031 meant them to be theirs. Such a role
--    is only ever added to the agent's group; nothing else about it changes.
CREATE FUNCTION dun.agent_role_ensure(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF NOT dun.caller_sees_all() THEN
        RAISE EXCEPTION 'only an admin may add agents' USING ERRCODE = '42501';
    END IF;
    IF p_role NOT IN ('agent', 'supervisor', 'admin') THEN
        RAISE EXCEPTION 'the role is agent, supervisor or admin, not "%"', p_role USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', p_login, 'dun_' || p_role);
    ELSIF NOT pg_has_role(p_login, 'dun_' || p_role, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', 'dun_' || p_role, p_login);
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION dun.agent_role_ensure(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dun.agent_role_ensure(text, text) TO dun_system;

SELECT dun.agent_role_ensure(login, role) FROM dun.agents WHERE active ORDER BY id;

-- 3. The team's figures (the metrics screen: an agent sees their own row
--    and the team's total) and the moments worth a thanks (nudges) are
--    counted across the team's books, which an agent cannot read. These
--    return counts and sums per agent, and the moments of the caller's own
--    team, never a debtor's contact details. Planned with the call's
--    values (EXECUTE), as the statements were when the client sent them.
-- team_figures: hours are in each agent's own zone. A promise's deadline is
-- its date plus the grace of the account's policy, as settlement counts it
-- (settle_store.c); the promises are first narrowed by date with the
-- largest grace any policy has, so the policy of only those accounts is
-- worked out.
CREATE FUNCTION dun.team_figures(p_agents bigint[], p_from bigint, p_to bigint, p_first date, p_last date,
                                 p_month bigint, p_now bigint, p_zone text)
RETURNS TABLE (kind text, agent_id bigint, channel text, direction text, outcome text, hour int, status text,
               day int, currency text, n bigint, amount numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $fn$
DECLARE
    ids bigint[];
BEGIN
    -- Only the caller's own team (the system and admins: anyone's).
    SELECT coalesce(array_agg(g.id), '{}') INTO ids
      FROM dun.agents g
     WHERE g.id = ANY (p_agents)
       AND (dun.caller_sees_all()
            OR g.team_id = (SELECT me.team_id FROM dun.agents me WHERE me.login = session_user::text AND me.active));
    RETURN QUERY EXECUTE $q$
    SELECT f.kind::text, f.agent_id::bigint, f.channel::text, f.direction::text, f.outcome::text, f.hour::int,
           f.status::text, f.day::int, f.currency::text, f.n::bigint, f.amount::numeric
      FROM (
        WITH ag AS (SELECT id, time_zone FROM dun.agents WHERE id = ANY($1::bigint[]))
        SELECT 'contact', c.agent_id, c.channel, c.direction, c.outcome,
        extract(hour FROM c.at AT TIME ZONE ag.time_zone)::int, '', 0, '', count(*), 0
        FROM dun.contacts c JOIN ag ON ag.id = c.agent_id
        WHERE c.at >= to_timestamp($2) AND c.at < to_timestamp($3)
        GROUP BY c.agent_id, c.channel, c.direction, c.outcome, 6
        UNION ALL
        SELECT 'promise', p.agent_id, '', '', '', 0, '', 0, p.currency, count(*), sum(p.amount_minor)
        FROM dun.promises p
        WHERE p.agent_id = ANY($1::bigint[]) AND p.status <> 'cancelled'
        AND p.created_at >= to_timestamp($2) AND p.created_at < to_timestamp($3)
        GROUP BY p.agent_id, p.currency
        UNION ALL
        SELECT 'due', p.agent_id, '', '', '', 0, p.status,
        (p.promised_date + coalesce(po.promise_grace_days, 1)) - DATE '1970-01-01',
        p.currency, count(*), sum(p.amount_minor)
        FROM dun.promises p JOIN dun.account_policy ap ON ap.account_id = p.account_id
        LEFT JOIN dun.policies po ON po.code = ap.policy_code
        WHERE p.agent_id = ANY($1::bigint[]) AND p.status <> 'cancelled'
        AND p.promised_date BETWEEN $4::date - greatest(1, (SELECT max(promise_grace_days) FROM dun.policies))
        AND $5::date
        AND p.promised_date + coalesce(po.promise_grace_days, 1) BETWEEN $4::date AND $5::date
        GROUP BY p.agent_id, p.status, 8, p.currency
        UNION ALL
        SELECT 'payment', a.assigned_agent_id, '', '', '', 0, '',
        (py.paid_at AT TIME ZONE $8)::date - DATE '1970-01-01', py.currency, count(*), sum(py.amount_minor)
        FROM dun.payments py JOIN dun.accounts a ON a.id = py.account_id
        WHERE a.assigned_agent_id = ANY($1::bigint[])
        AND py.paid_at >= least(to_timestamp($2), to_timestamp($6)) AND py.paid_at < to_timestamp($7)
        GROUP BY a.assigned_agent_id, 8, py.currency
        UNION ALL
        SELECT 'message', o.agent_id, '', '', '', 0, o.state, 0, '', count(*), 0
        FROM dun.outbox o
        WHERE o.agent_id = ANY($1::bigint[])
        AND o.sent_at >= to_timestamp($2) AND o.sent_at < to_timestamp($3)
        GROUP BY o.agent_id, o.state
        UNION ALL
        SELECT 'reply', a.assigned_agent_id, '', '', '', 0, '', 0, '', count(*), 0
        FROM dun.inbound i JOIN dun.accounts a ON a.id = i.account_id
        WHERE a.assigned_agent_id = ANY($1::bigint[])
        AND i.received_at >= to_timestamp($2) AND i.received_at < to_timestamp($3)
        GROUP BY a.assigned_agent_id
        UNION ALL
        SELECT 'thanks_given', t.giver_id, '', '', '', 0, '', 0, '', count(*), 0
        FROM dun.thanks t
        WHERE t.giver_id = ANY($1::bigint[])
        AND t.created_at >= to_timestamp($2) AND t.created_at < to_timestamp($3)
        GROUP BY t.giver_id
        UNION ALL
        SELECT 'thanks_received', t.receiver_id, '', '', '', 0, '', 0, '', count(*), 0
        FROM dun.thanks t
        WHERE t.receiver_id = ANY($1::bigint[])
        AND t.created_at >= to_timestamp($2) AND t.created_at < to_timestamp($3)
        GROUP BY t.receiver_id
      ) f (kind, agent_id, channel, direction, outcome, hour, status, day, currency, n, amount)
    $q$ USING ids, p_from, p_to, p_first, p_last, p_month, p_now, p_zone;
END
$fn$;

CREATE FUNCTION dun.team_moments(p_viewer bigint, p_zone text, p_from bigint, p_to bigint, p_agent bigint,
                                 p_outcomes text[])
RETURNS TABLE (kind text, id bigint, agent_id bigint, at bigint, day int, account_id bigint, ref text, channel text,
               direction text, status text, upset boolean, amount bigint, currency text, other text, body text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $fn$
DECLARE
    me bigint := (SELECT a.id FROM dun.agents a WHERE a.login = session_user::text AND a.active);
BEGIN
    -- The caller is the viewer; one agent's whole day only for themselves or
    -- their supervisor (the system and admins: anyone).
    IF NOT dun.caller_sees_all() AND (p_viewer IS DISTINCT FROM me
        OR (p_agent <> 0 AND p_agent <> me AND NOT pg_has_role(session_user, 'dun_supervisor', 'MEMBER'))) THEN
        RAISE EXCEPTION 'an agent sees the moments of their own team, as themselves' USING ERRCODE = '42501';
    END IF;
    RETURN QUERY EXECUTE $q$
    SELECT f.kind::text, f.id::bigint, f.agent_id::bigint, f.at::bigint, f.day::int, f.account_id::bigint,
           f.ref::text, f.channel::text, f.direction::text, f.status::text, f.upset::boolean, f.amount::bigint,
           f.currency::text, f.other::text, f.body::text
      FROM (
        WITH ag AS (SELECT a.id FROM dun.agents v JOIN dun.agents a ON (a.id = v.id OR v.role = 'admin' OR 
        a.team_id = v.team_id)
        WHERE v.id = $1::bigint AND ($5::bigint = 0 OR a.id = $5::bigint)),
        d AS (
        SELECT 'call' AS kind, c.id, c.agent_id, c.at, c.account_id, acc.ref, c.channel, c.direction,
        c.outcome AS status, c.upset, 0::bigint AS amount, '' AS currency, '' AS other, '' AS body
        FROM dun.contacts c JOIN ag ON ag.id = c.agent_id JOIN dun.accounts acc ON acc.id = c.account_id
        WHERE c.at >= to_timestamp($3::bigint) AND c.at < to_timestamp($4::bigint)
        AND ($5::bigint <> 0 OR c.outcome = ANY($6::text[]) OR c.upset)
        UNION ALL
        SELECT 'settled', p.id, p.agent_id, p.settled_at, p.account_id, acc.ref, '', '', p.status, false,
        p.amount_minor, p.currency, '', ''
        FROM dun.promises p JOIN ag ON ag.id = p.agent_id JOIN dun.accounts acc ON acc.id = p.account_id
        WHERE p.status IN ('kept', 'broken') AND ($5::bigint <> 0 OR p.status = 'kept')
        AND p.settled_at >= to_timestamp($3::bigint) AND p.settled_at < to_timestamp($4::bigint)
        UNION ALL
        SELECT 'made', p.id, p.agent_id, p.created_at, p.account_id, acc.ref, '', '', p.status, false,
        p.amount_minor, p.currency, '', ''
        FROM dun.promises p JOIN ag ON ag.id = p.agent_id JOIN dun.accounts acc ON acc.id = p.account_id
        WHERE $5::bigint <> 0
        AND p.created_at >= to_timestamp($3::bigint) AND p.created_at < to_timestamp($4::bigint)
        UNION ALL
        SELECT 'message', o.id, o.agent_id, o.created_at, o.account_id, acc.ref, o.channel, 'out', o.state, false,
        0, '', '', ''
        FROM dun.outbox o JOIN ag ON ag.id = o.agent_id JOIN dun.accounts acc ON acc.id = o.account_id
        WHERE $5::bigint <> 0
        AND o.created_at >= to_timestamp($3::bigint) AND o.created_at < to_timestamp($4::bigint)
        UNION ALL
        SELECT CASE WHEN th.giver_id = $5::bigint THEN 'given' ELSE 'received' END, th.id, $5::bigint,
        th.created_at, coalesce(th.account_id, 0), coalesce(acc.ref, ''), '', '', '', false, 0, '',
        o.display_name, th.body
        FROM dun.thanks th LEFT JOIN dun.accounts acc ON acc.id = th.account_id
        JOIN dun.agents o ON o.id = CASE WHEN th.giver_id = $5::bigint THEN th.receiver_id ELSE th.giver_id END
        WHERE $5::bigint <> 0 AND $5::bigint IN (th.giver_id, th.receiver_id)
        AND th.created_at >= to_timestamp($3::bigint) AND th.created_at < to_timestamp($4::bigint))
        SELECT kind, id, agent_id, extract(epoch FROM at)::bigint, (at AT TIME ZONE $2)::date - DATE '1970-01-01',
        account_id, ref, channel, direction, status, upset, amount, currency, other, body
        FROM d ORDER BY at DESC, id DESC LIMIT 500
      ) f (kind, id, agent_id, at, day, account_id, ref, channel, direction, status, upset, amount, currency, other,
           body)
     ORDER BY f.at DESC, f.id DESC
    $q$ USING p_viewer, p_zone, p_from, p_to, p_agent, p_outcomes;
END
$fn$;
REVOKE EXECUTE ON FUNCTION dun.team_figures(bigint[], bigint, bigint, date, date, bigint, bigint, text),
    dun.team_moments(bigint, text, bigint, bigint, bigint, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dun.team_figures(bigint[], bigint, bigint, date, date, bigint, bigint, text),
    dun.team_moments(bigint, text, bigint, bigint, bigint, text[]) TO dun_agent, dun_system;
