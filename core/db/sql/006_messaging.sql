-- 006: one-keystroke SMS and email: templates, the transactional outbox,
-- delivery events and inbound replies.

CREATE TABLE dun.templates (
    id          bigserial PRIMARY KEY,
    channel     text NOT NULL CHECK (channel IN ('sms', 'email')),
    name        text NOT NULL,
    purpose     text NOT NULL CHECK (purpose IN ('first_notice', 'pre_due', 'promise_confirmation',
                    'payment_thanks', 'broken_promise', 'opt_out_confirmation')),
    language    text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    segment     text NOT NULL DEFAULT '',            -- '' = any segment
    tone        text NOT NULL DEFAULT 'soft' CHECK (tone IN ('soft', 'neutral', 'firm')),
    subject     text NOT NULL DEFAULT '',            -- email only
    body        text NOT NULL CHECK (length(body) > 0),
    active      boolean NOT NULL DEFAULT true,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel, name, language)
);

-- Every message, from the keystroke to its final state. The id is the
-- idempotency key given to providers (Kannel's dlr id, the SMTP Message-ID).
CREATE TABLE dun.outbox (
    id                   bigserial PRIMARY KEY,
    account_id           bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    agent_id             bigint REFERENCES dun.agents(id),
    contact_id           bigint REFERENCES dun.contacts(id),
    channel              text NOT NULL CHECK (channel IN ('sms', 'email')),
    template             text NOT NULL DEFAULT '',
    target               text NOT NULL,
    subject              text NOT NULL DEFAULT '',
    body                 text NOT NULL,
    state                text NOT NULL DEFAULT 'queued'
                         CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
    provider             text NOT NULL DEFAULT '',
    provider_message_id  text NOT NULL DEFAULT '',
    release_at           timestamptz NOT NULL,          -- the end of the undo window
    next_attempt_at      timestamptz NOT NULL,
    attempts             integer NOT NULL DEFAULT 0,
    last_error           text NOT NULL DEFAULT '',
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    sent_at              timestamptz,
    final_at             timestamptz
);
CREATE INDEX outbox_due_idx ON dun.outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_account_idx ON dun.outbox (account_id, created_at DESC);

CREATE TABLE dun.outbox_events (
    id         bigserial PRIMARY KEY,
    outbox_id  bigint NOT NULL REFERENCES dun.outbox(id) ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT now(),
    state      text NOT NULL,
    detail     text NOT NULL DEFAULT ''
);

-- Replies and other inbound messages, for the inbox.
CREATE TABLE dun.inbound (
    id           bigserial PRIMARY KEY,
    account_id   bigint REFERENCES dun.accounts(id) ON DELETE SET NULL,
    channel      text NOT NULL CHECK (channel IN ('sms', 'email')),
    sender       text NOT NULL,
    recipient    text NOT NULL DEFAULT '',
    body         text NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    opt_out      boolean NOT NULL DEFAULT false,
    read_at      timestamptz
);
CREATE INDEX inbound_account_idx ON dun.inbound (account_id, received_at DESC);

-- A message's contact row follows its delivery: the log stays append-only
-- for everything else.
ALTER TABLE dun.contacts DROP CONSTRAINT contacts_outcome_check;
ALTER TABLE dun.contacts ADD CONSTRAINT contacts_outcome_check CHECK (outcome IN ('not_connected',
    'no_answer', 'busy', 'voicemail', 'conversation', 'third_party', 'wrong_number', 'refused', 'dispute',
    'callback_requested', 'queued', 'sent', 'delivered', 'failed', 'cancelled'));

CREATE OR REPLACE FUNCTION dun.contacts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('dun.allow_purge', true) = 'on' AND TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.channel IN ('sms', 'email') AND NEW.channel = OLD.channel
       AND NEW.account_id = OLD.account_id AND NEW.at = OLD.at AND NEW.target = OLD.target
       AND NEW.direction = OLD.direction
       AND OLD.outcome IN ('queued', 'sent') AND NEW.outcome IN ('sent', 'delivered', 'failed', 'cancelled') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'dun.contacts is append-only (% refused)', TG_OP;
END $$;
