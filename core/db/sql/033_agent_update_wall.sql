-- 033: what an agent's role may change in a row it can see (issue 13).
--
-- Row-level security says which rows; this says which changes. Balances,
-- settlement (kept, broken, paid) and delivery states are the system's:
-- `dun settle`, `dun serve` and imports run as the system role. An agent
-- may only move a row the way the workstation does: cancel a pending
-- promise or plan, cancel a message still in its undo window, raise a
-- dispute, record an opt-out or a bad number (towards less contact, never
-- back), close a callback, mark replies read, review; and take an account
-- into a book it may see (row-level security's WITH CHECK says whose).
-- Everything else in an UPDATE by an agent's role is refused with SQLSTATE
-- 42501.
--
-- TG_ARGV[0]: the columns an agent may change; TG_ARGV[1]: for those that
-- are states, the only moves allowed ('column:from>to'); TG_ARGV[2]
-- 'leased': the work lock holds for updates too, as 029's lease_guard does
-- for inserts (only the lease's session may cancel a promise or close a
-- callback on an account someone holds). Taking a message back, an opt-out
-- and marking replies read are never held back: they mean less contact, or
-- none. The system and admins (dun.sees_all) change anything.
CREATE FUNCTION dun.agent_update_wall() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    may    text[] := TG_ARGV[0]::text[];
    moves  text[] := TG_ARGV[1]::text[];
    o      jsonb;
    n      jsonb;
    c      text;
    holder bigint;
    held   text;
BEGIN
    IF (SELECT dun.sees_all()) THEN
        RETURN NEW;
    END IF;
    o := to_jsonb(OLD);
    n := to_jsonb(NEW);
    IF TG_NARGS > 2 AND TG_ARGV[2] = 'leased' THEN
        SELECT l.holder_id, l.token INTO holder, held
          FROM dun.account_leases l WHERE l.account_id = (n ->> 'account_id')::bigint AND l.expires_at > clock_timestamp();
        IF FOUND AND (holder IS DISTINCT FROM dun.session_agent_id()
                      OR held IS DISTINCT FROM current_setting('dun.lease_token', true)) THEN
            RAISE EXCEPTION 'the account is in use by %',
                  CASE WHEN holder = dun.session_agent_id() THEN 'you in another session'
                       ELSE (SELECT display_name FROM dun.agents WHERE id = holder) END
                  USING ERRCODE = 'DL001';
        END IF;
    END IF;
    IF (n - may) IS DISTINCT FROM (o - may) THEN
        RAISE EXCEPTION 'an agent may not change that in dun.%: only %', TG_TABLE_NAME, array_to_string(may, ', ')
              USING ERRCODE = '42501';
    END IF;
    FOREACH c IN ARRAY may LOOP
        IF n -> c IS DISTINCT FROM o -> c
           AND EXISTS (SELECT 1 FROM unnest(moves) m WHERE split_part(m, ':', 1) = c)
           AND NOT (c || ':' || coalesce(o ->> c, '') || '>' || coalesce(n ->> c, '')) = ANY (moves) THEN
            RAISE EXCEPTION 'an agent may not move dun.%.% from % to %', TG_TABLE_NAME, c, o ->> c, n ->> c
                  USING ERRCODE = '42501';
        END IF;
    END LOOP;
    RETURN NEW;
END
$$;

CREATE TRIGGER accounts_agent_wall BEFORE UPDATE ON dun.accounts FOR EACH ROW EXECUTE FUNCTION
    dun.agent_update_wall('{updated_at,dispute,sms_opt_out,email_opt_out,assigned_agent_id}',
                          '{dispute:false>true,sms_opt_out:false>true,email_opt_out:false>true}');
CREATE TRIGGER phones_agent_wall BEFORE UPDATE ON dun.phones FOR EACH ROW EXECUTE FUNCTION
    dun.agent_update_wall('{bad}', '{bad:false>true}');
CREATE TRIGGER emails_agent_wall BEFORE UPDATE ON dun.emails FOR EACH ROW EXECUTE FUNCTION
    dun.agent_update_wall('{}', '{}');
CREATE TRIGGER promises_agent_wall BEFORE UPDATE ON dun.promises FOR EACH ROW EXECUTE FUNCTION
    dun.agent_update_wall('{status,settled_at}', '{status:pending>cancelled}', 'leased');
CREATE TRIGGER plans_agent_wall BEFORE UPDATE ON dun.plans FOR EACH ROW EXECUTE FUNCTION
    dun.agent_update_wall('{status}', '{status:active>cancelled}', 'leased');
CREATE TRIGGER callbacks_agent_wall BEFORE UPDATE ON dun.callbacks FOR EACH ROW EXECUTE FUNCTION
    dun.agent_update_wall('{done_at,done_reason,done_by}', '{}', 'leased');
CREATE TRIGGER outbox_agent_wall BEFORE UPDATE ON dun.outbox FOR EACH ROW EXECUTE FUNCTION
    dun.agent_update_wall('{state,updated_at,final_at,reviewed_at,reviewed_by,resent_as}',
                          '{state:queued>cancelled}');
CREATE TRIGGER inbound_agent_wall BEFORE UPDATE ON dun.inbound FOR EACH ROW EXECUTE FUNCTION
    dun.agent_update_wall('{read_at,reviewed_at,reviewed_by}', '{}');

-- The contact log is append-only for every role; the one change it takes
-- (019's trigger lets it through) is a message's row following its
-- message's state. This is the narrow way to make it, for the sender and
-- for an agent taking a message back: it copies the message's own state,
-- so whoever calls it can only make the log tell the truth.
CREATE FUNCTION dun.message_contact_follow(p_outbox bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
    UPDATE dun.contacts c SET outcome = o.state
      FROM dun.outbox o
     WHERE o.id = p_outbox AND c.id = o.contact_id AND c.outcome <> o.state
       AND o.state IN ('sent', 'delivered', 'failed', 'cancelled', 'unknown')
$$;
REVOKE EXECUTE ON FUNCTION dun.message_contact_follow(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dun.message_contact_follow(bigint) TO dun_agent, dun_system;

-- An agent's role writes as that agent: a row it adds on an account names
-- the session's own agent, never another, never the system (NULL), so no
-- SQL typed as an agent records work under someone else's name or slips
-- past the work lock (029's lease_guard lets the system's rows through).
CREATE FUNCTION dun.agent_writes_as_self() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT dun.sees_all()) OR NEW.agent_id IS NOT DISTINCT FROM dun.session_agent_id() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'an agent writes in dun.% as themselves (agent %), not as %', TG_TABLE_NAME,
          dun.session_agent_id(), coalesce(NEW.agent_id::text, 'the system') USING ERRCODE = '42501';
END
$$;
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contacts', 'promises', 'plans', 'notes', 'callbacks', 'outbox', 'flag_changes'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON dun.%I FOR EACH ROW EXECUTE FUNCTION dun.agent_writes_as_self()',
                       t || '_as_self', t);
    END LOOP;
END
$$;
