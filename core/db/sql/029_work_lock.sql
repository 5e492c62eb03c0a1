-- 029: the work lock, "in use by" (issue 13, part 3).
--
-- Opening an account on the workstation takes a lease: a row with its
-- holder, since, expiry and a random token, renewed by a heartbeat while the
-- screen is open and deleted when it closes. A crashed or disconnected
-- holder's lease simply expires. A row, not a session advisory lock: a lease
-- works behind a connection pooler, survives the holder's reconnect, and
-- anyone can read who holds it and since when (docs/architecture.md).
-- Lease times are the database's clock (clock_timestamp()): every
-- workstation compares against the same one.
CREATE TABLE dun.account_leases (
    account_id  bigint PRIMARY KEY REFERENCES dun.accounts(id) ON DELETE CASCADE,
    holder_id   bigint NOT NULL REFERENCES dun.agents(id),
    token       text NOT NULL CHECK (token ~ '^[0-9a-f]{32}$'),
    since       timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX account_leases_holder_idx ON dun.account_leases (holder_id);

-- Who did what that must be answerable for later: a supervisor taking an
-- account over (with the reason), and (issue 13, part 2) bulk exports.
CREATE TABLE dun.audit (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    agent_id    bigint REFERENCES dun.agents(id),
    action      text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    account_id  bigint REFERENCES dun.accounts(id) ON DELETE SET NULL,
    detail      text NOT NULL DEFAULT '',
    row_count   bigint
);
CREATE INDEX audit_at_idx ON dun.audit (at);

-- Take or renew: 'taken' (free, expired, or another session's no more),
-- 'renewed' (this token's already: since is kept), NULL (another's live
-- lease). Concurrent takers meet on the primary key, so exactly one of them
-- wins. A change of hands is announced (NOTIFY dun 'lease:<account>'); a
-- renewal is not.
CREATE FUNCTION dun.lease_take(p_account bigint, p_agent bigint, p_token text, p_seconds integer)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    t   timestamptz := clock_timestamp();
    got timestamptz;
BEGIN
    INSERT INTO dun.account_leases AS l (account_id, holder_id, token, since, expires_at)
    VALUES (p_account, p_agent, p_token, t, t + make_interval(secs => p_seconds))
    ON CONFLICT (account_id) DO UPDATE
       SET holder_id = excluded.holder_id, token = excluded.token,
           since = CASE WHEN l.token = excluded.token THEN l.since ELSE excluded.since END,
           expires_at = excluded.expires_at
     WHERE l.expires_at <= t OR l.token = excluded.token
    RETURNING since INTO got;
    IF got IS NULL THEN
        RETURN NULL;
    ELSIF got = t THEN
        PERFORM pg_notify('dun', 'lease:' || p_account);
        RETURN 'taken';
    END IF;
    RETURN 'renewed';
END
$$;

-- Writes by an agent on an account someone else is working (or this agent
-- in another session: the token is the session's, set_config
-- 'dun.lease_token') are refused. The system's writes (agent_id NULL:
-- replies, reminders, settlement) and the debtor's own promise through the
-- link go through: they are not someone working the account.
CREATE FUNCTION dun.lease_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    holder bigint;
    held   text;
    who    text;
BEGIN
    IF NEW.agent_id IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'promises' THEN
        IF NEW.source = 'self_service' THEN
            RETURN NEW;
        END IF;
    END IF;
    SELECT l.holder_id, l.token INTO holder, held
      FROM dun.account_leases l WHERE l.account_id = NEW.account_id AND l.expires_at > clock_timestamp();
    IF FOUND AND (holder <> NEW.agent_id OR held IS DISTINCT FROM current_setting('dun.lease_token', true)) THEN
        SELECT display_name INTO who FROM dun.agents WHERE id = holder;
        RAISE EXCEPTION 'the account is in use by %', CASE WHEN holder = NEW.agent_id
                                                            THEN 'you in another session' ELSE who END
              USING ERRCODE = 'DL001';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER contacts_lease BEFORE INSERT ON dun.contacts FOR EACH ROW EXECUTE FUNCTION dun.lease_guard();
CREATE TRIGGER promises_lease BEFORE INSERT ON dun.promises FOR EACH ROW EXECUTE FUNCTION dun.lease_guard();
CREATE TRIGGER plans_lease BEFORE INSERT ON dun.plans FOR EACH ROW EXECUTE FUNCTION dun.lease_guard();
CREATE TRIGGER notes_lease BEFORE INSERT ON dun.notes FOR EACH ROW EXECUTE FUNCTION dun.lease_guard();
CREATE TRIGGER callbacks_lease BEFORE INSERT ON dun.callbacks FOR EACH ROW EXECUTE FUNCTION dun.lease_guard();
CREATE TRIGGER outbox_lease BEFORE INSERT ON dun.outbox FOR EACH ROW EXECUTE FUNCTION dun.lease_guard();
CREATE TRIGGER flag_changes_lease BEFORE INSERT ON dun.flag_changes FOR EACH ROW EXECUTE FUNCTION dun.lease_guard();
