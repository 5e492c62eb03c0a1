-- A workstation keeps the contact policies, script hints and templates it
-- shows an account with for the session (tui/reference.c) instead of
-- reading them on every open: any change to them says so, on channel "dun"
-- as "reference:0", sent at COMMIT, whoever writes (dun templates import,
-- psql). What is enforced never comes from that copy: contacts and messages
-- re-check the policies in their own transaction.
CREATE FUNCTION dun.announce_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dun', 'reference:0');
    RETURN NULL;
END
$$;
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['policies', 'script_hints', 'templates'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dun.%I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION dun.announce_reference()', t || '_news', t);
    END LOOP;
END
$$;
