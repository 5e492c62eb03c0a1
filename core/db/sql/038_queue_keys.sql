-- The queue's stored order (issue 14, item 2). A long queue is shown
-- through a window: the database returns a page in order, so it must hold
-- what the order needs. Each account's key is what the engine in C computed
-- for it (core/queue.c: score, days past due, balance, ref, in that order of
-- comparison) and until when it holds: its edge, the next moment time alone
-- may change it. dun computes keys (`store_queue_keys_refresh`); this file
-- only says when one no longer holds:
--   * its edge has passed;
--   * something it rests on changed: the triggers below bump its `gen`
--     and make it stale, and a refresh that read an older `gen` does not
--     write (a change committed while dun computed the key wins);
--   * something every key rests on changed (policies, priority weights,
--     creditors' policies): every key is made stale; a number put on or
--     taken off the do-not-call list makes its accounts' keys stale.
-- A stale key still orders its row (at its last place) until dun computes
-- it again; what the screen shows of a row is always evaluated afresh.
CREATE TABLE dun.queue_keys (
    account_id bigint PRIMARY KEY REFERENCES dun.accounts (id) ON DELETE CASCADE,
    score double precision,          -- NULL: never computed (a placeholder a change made)
    dpd integer NOT NULL DEFAULT 0,
    balance_minor bigint NOT NULL DEFAULT 0,
    ref text NOT NULL DEFAULT '',
    edge timestamptz NOT NULL DEFAULT '-infinity',
    gen bigint NOT NULL DEFAULT 0    -- bumped by every change to the account's facts
);
-- The window: accounts in the stored order.
CREATE INDEX queue_keys_order_idx ON dun.queue_keys (score DESC NULLS LAST, dpd DESC, balance_minor DESC, ref, account_id);
-- dun serve's pass: the keys whose edge came first.
CREATE INDEX queue_keys_edge_idx ON dun.queue_keys (edge);

-- Every account has its key row from its creation (a placeholder until dun
-- computes it), so a change only ever updates one.
INSERT INTO dun.queue_keys (account_id) SELECT id FROM dun.accounts ORDER BY id;

-- Keys follow their accounts for every role but the table's owner, whose
-- triggers below keep them (not FORCE: the owner's bookkeeping never fails
-- a writer's statement, whoever writes).
ALTER TABLE dun.queue_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY queue_keys_book ON dun.queue_keys
    USING ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.accounts a WHERE a.id = account_id))
    WITH CHECK ((SELECT dun.sees_all()) OR EXISTS (SELECT 1 FROM dun.accounts a WHERE a.id = account_id));
GRANT SELECT, UPDATE ON dun.queue_keys TO dun_agent, dun_system;

CREATE FUNCTION dun.queue_keys_new() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    INSERT INTO dun.queue_keys (account_id) SELECT id FROM changed ORDER BY id;
    RETURN NULL;
END
$$;
-- A change to an account's facts makes its key stale.
CREATE FUNCTION dun.queue_keys_stale() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    UPDATE dun.queue_keys k SET gen = k.gen + 1, edge = '-infinity'
     WHERE k.account_id IN (SELECT account_id FROM changed);
    RETURN NULL;
END
$$;
CREATE FUNCTION dun.queue_keys_stale_by_id() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    UPDATE dun.queue_keys k SET gen = k.gen + 1, edge = '-infinity'
     WHERE k.account_id IN (SELECT id FROM changed);
    RETURN NULL;
END
$$;
-- A change every key rests on (rare: an admin's policy or weight).
CREATE FUNCTION dun.queue_keys_all_stale() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    UPDATE dun.queue_keys SET gen = gen + 1, edge = '-infinity';
    RETURN NULL;
END
$$;
-- A number on or off the do-not-call list: the accounts that have it.
CREATE FUNCTION dun.queue_keys_dnc() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    UPDATE dun.queue_keys k SET gen = k.gen + 1, edge = '-infinity'
     WHERE k.account_id IN (SELECT p.account_id FROM dun.phones p JOIN changed c ON c.number = p.number);
    RETURN NULL;
END
$$;

CREATE TRIGGER accounts_keys_ins AFTER INSERT ON dun.accounts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_keys_new();
CREATE TRIGGER accounts_keys_upd AFTER UPDATE ON dun.accounts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_keys_stale_by_id();
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['phones', 'emails', 'callbacks', 'contacts', 'promises', 'inbound'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON dun.%I REFERENCING NEW TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_keys_stale()', t || '_keys_ins', t);
        IF t <> 'contacts' THEN /* the contact log is append-only */
            EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON dun.%I REFERENCING NEW TABLE AS changed'
                           ' FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_keys_stale()', t || '_keys_upd', t);
            EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON dun.%I REFERENCING OLD TABLE AS changed'
                           ' FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_keys_stale()', t || '_keys_del', t);
        END IF;
    END LOOP;
    FOREACH t IN ARRAY ARRAY['policies', 'priority_weights', 'creditor_policies'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dun.%I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_keys_all_stale()', t || '_keys_all', t);
    END LOOP;
END
$$;
CREATE TRIGGER dnc_keys_ins AFTER INSERT ON dun.dnc REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_keys_dnc();
CREATE TRIGGER dnc_keys_del AFTER DELETE ON dun.dnc REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION dun.queue_keys_dnc();
