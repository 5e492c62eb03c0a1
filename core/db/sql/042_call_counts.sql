-- The team's calls, counted as they are logged (issue 14: a metrics refresh
-- at 1M calls took 1.3 s scanning the month's contacts). The metrics count
-- an agent's outbound calls by outcome and by the hour of the day in the
-- agent's zone; this keeps those counts per UTC hour, with the local hour
-- the call was made in (the agent's zone when it was logged: a zone with a
-- :30 or :45 offset splits a UTC hour in two local hours). dun.team_figures
-- sums the hours inside a period and reads only the calls of a period's
-- partial hours (a viewer's midnight off the UTC hour) from dun.contacts.
-- Calls are append-only (001, 019): inserted, or deleted by a purge.
CREATE TABLE dun.call_counts (
    agent_id   bigint NOT NULL REFERENCES dun.agents (id) ON DELETE CASCADE,
    hour       timestamptz NOT NULL,   -- the UTC hour the calls were made in
    outcome    text NOT NULL,
    local_hour smallint NOT NULL,      -- 0..23 in the agent's zone
    n          bigint NOT NULL,
    PRIMARY KEY (agent_id, hour, outcome, local_hour)
);
REVOKE ALL ON dun.call_counts FROM PUBLIC;

-- A statement's calls added to (inserted) or taken from (a purge's delete)
-- the counts; in key order, so that two statements adding to the same
-- counts take their rows in the same order and never deadlock. date_bin
-- keeps the hour UTC whatever the session's TimeZone (date_trunc would
-- follow it). A count taken to zero stays, as zero.
CREATE FUNCTION dun.call_counts_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    sign int := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM dun.call_counts;
        RETURN NULL;
    END IF;
    INSERT INTO dun.call_counts AS cc (agent_id, hour, outcome, local_hour, n)
    SELECT c.agent_id, date_bin('1 hour', c.at, timestamptz 'epoch'), c.outcome,
           extract(hour FROM c.at AT TIME ZONE g.time_zone)::smallint, sign * count(*)
      FROM changed c JOIN dun.agents g ON g.id = c.agent_id
     WHERE c.channel = 'phone' AND c.direction = 'out'
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (agent_id, hour, outcome, local_hour) DO UPDATE SET n = cc.n + excluded.n;
    RETURN NULL;
END
$$;

CREATE TRIGGER contacts_counts_ins AFTER INSERT ON dun.contacts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION dun.call_counts_change();
CREATE TRIGGER contacts_counts_del AFTER DELETE ON dun.contacts REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION dun.call_counts_change();
CREATE TRIGGER contacts_counts_truncate AFTER TRUNCATE ON dun.contacts
    FOR EACH STATEMENT EXECUTE FUNCTION dun.call_counts_change();

-- The calls logged before.
INSERT INTO dun.call_counts (agent_id, hour, outcome, local_hour, n)
SELECT c.agent_id, date_bin('1 hour', c.at, timestamptz 'epoch'), c.outcome,
       extract(hour FROM c.at AT TIME ZONE g.time_zone)::smallint, count(*)
  FROM dun.contacts c JOIN dun.agents g ON g.id = c.agent_id
 WHERE c.channel = 'phone' AND c.direction = 'out'
 GROUP BY 1, 2, 3, 4;

-- dun.team_figures (032) counts the calls from dun.call_counts: the whole
-- UTC hours of the period from the counts, its partial hours (a period
-- starting at a midnight off the UTC hour) from the calls themselves. Only
-- outbound calls are read: the metrics count nothing else of the contacts.
-- The period's hours are worked out in each condition, not in a CTE, so
-- that the partial hours are index ranges on (agent_id, at). The rest is
-- 032's.
CREATE OR REPLACE FUNCTION dun.team_figures(p_agents bigint[], p_from bigint, p_to bigint, p_first date, p_last date,
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
        SELECT 'contact', x.agent_id, 'phone', 'out', x.outcome, x.hour, '', 0, '', sum(x.n)::bigint, 0
        FROM (
            SELECT cc.agent_id, cc.outcome, cc.local_hour::int AS hour, cc.n
            FROM dun.call_counts cc
            WHERE cc.agent_id = ANY($1::bigint[])
              AND cc.hour >= date_bin('1 hour', to_timestamp($2) + interval '3599.999999 seconds', timestamptz 'epoch')
              AND cc.hour < date_bin('1 hour', to_timestamp($3), timestamptz 'epoch')
            UNION ALL
            SELECT c.agent_id, c.outcome, extract(hour FROM c.at AT TIME ZONE ag.time_zone)::int, 1
            FROM dun.contacts c JOIN ag ON ag.id = c.agent_id
            WHERE c.channel = 'phone' AND c.direction = 'out' AND c.at >= to_timestamp($2)
              AND c.at < least(date_bin('1 hour', to_timestamp($2) + interval '3599.999999 seconds', timestamptz 'epoch'),
                               to_timestamp($3))
            UNION ALL
            SELECT c.agent_id, c.outcome, extract(hour FROM c.at AT TIME ZONE ag.time_zone)::int, 1
            FROM dun.contacts c JOIN ag ON ag.id = c.agent_id
            WHERE c.channel = 'phone' AND c.direction = 'out' AND c.at < to_timestamp($3)
              AND c.at >= greatest(date_bin('1 hour', to_timestamp($3), timestamptz 'epoch'),
                                   date_bin('1 hour', to_timestamp($2) + interval '3599.999999 seconds', timestamptz 'epoch'))
        ) x
        GROUP BY x.agent_id, x.outcome, x.hour HAVING sum(x.n) <> 0
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
