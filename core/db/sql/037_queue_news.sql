-- Open queues follow every change to what they show (issue 14: the queue
-- loads only the rows that changed, so a change nobody announced would
-- stay stale on screen). An account's flags, balance, owner or status, its
-- numbers and addresses, its callbacks: whoever writes them (the
-- workstation, a command, an import, psql), the statement announces the
-- accounts it touched on channel "dun" as "account:<id>", sent at COMMIT.
-- A statement that touched more than 100 accounts (an import, a bulk
-- reassignment) announces "book:0" instead: open queues load whole.
-- Contacts, messages and promises announce themselves already (their
-- stores' NOTIFYs).
CREATE FUNCTION dun.announce_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    SELECT count(DISTINCT account_id) INTO n FROM changed;
    IF n > 100 THEN
        PERFORM pg_notify('dun', 'book:0');
    ELSIF n > 0 THEN
        PERFORM pg_notify('dun', 'account:' || account_id) FROM (SELECT DISTINCT account_id FROM changed) c;
    END IF;
    RETURN NULL;
END
$$;

-- The same for the accounts table, whose rows are the accounts.
CREATE FUNCTION dun.announce_accounts_by_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM changed;
    IF n > 100 THEN
        PERFORM pg_notify('dun', 'book:0');
    ELSIF n > 0 THEN
        PERFORM pg_notify('dun', 'account:' || id) FROM changed;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER accounts_news_ins AFTER INSERT ON dun.accounts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION dun.announce_accounts_by_id();
CREATE TRIGGER accounts_news_upd AFTER UPDATE ON dun.accounts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION dun.announce_accounts_by_id();
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['phones', 'emails', 'callbacks'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON dun.%I REFERENCING NEW TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION dun.announce_accounts()', t || '_news_ins', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON dun.%I REFERENCING NEW TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION dun.announce_accounts()', t || '_news_upd', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON dun.%I REFERENCING OLD TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION dun.announce_accounts()', t || '_news_del', t);
    END LOOP;
END
$$;
