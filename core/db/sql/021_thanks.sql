-- 021: the thank-you log. A colleague thanks a colleague for something
-- specific, optionally tied to the account or contact on screen. Thanks are
-- append-only like the contact log: neither UPDATE nor DELETE (a trigger
-- refuses them), so what was said stays said. Nobody thanks themselves.
-- Each new row is announced as NOTIFY dun 'thanks:<id>'.
CREATE TABLE dun.thanks (
    id           bigserial PRIMARY KEY,
    giver_id     bigint NOT NULL REFERENCES dun.agents(id),
    receiver_id  bigint NOT NULL REFERENCES dun.agents(id),
    body         text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 280),
    account_id   bigint REFERENCES dun.accounts(id) ON DELETE SET NULL,
    contact_id   bigint REFERENCES dun.contacts(id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL,
    CHECK (giver_id <> receiver_id)
);
CREATE INDEX thanks_receiver_idx ON dun.thanks (receiver_id, created_at);
CREATE INDEX thanks_giver_idx ON dun.thanks (giver_id, created_at);

CREATE FUNCTION dun.thanks_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- ON DELETE SET NULL of an account or contact purged by the demo reset
    -- is the one change allowed: the words and the people stay.
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.giver_id = OLD.giver_id
       AND NEW.receiver_id = OLD.receiver_id AND NEW.body = OLD.body AND NEW.created_at = OLD.created_at
       AND (NEW.account_id IS NULL OR NEW.account_id = OLD.account_id)
       AND (NEW.contact_id IS NULL OR NEW.contact_id = OLD.contact_id) THEN
        RETURN NEW;
    END IF;
    IF current_setting('dun.allow_purge', true) = 'on' AND TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'dun.thanks is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER thanks_append_only BEFORE UPDATE OR DELETE ON dun.thanks
    FOR EACH ROW EXECUTE FUNCTION dun.thanks_append_only();

-- What each agent has seen: thanks newer than last_seen_id are unread, shown
-- on their next start. A row per agent, moved forward, never back.
CREATE TABLE dun.thanks_seen (
    agent_id      bigint PRIMARY KEY REFERENCES dun.agents(id),
    last_seen_id  bigint NOT NULL DEFAULT 0
);
