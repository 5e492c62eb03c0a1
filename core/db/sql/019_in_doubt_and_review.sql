-- 019: messages whose fate is not known count as sent; sent SMS without a
-- delivery report are labelled; what needs a supervisor is kept for review.
--
-- unknown: the sender stopped (kill -9, a crash) after handing the message
-- to the provider and before hearing back. It may have reached the phone,
-- so it counts toward every interval and cap as if sent and is never
-- retried; a late delivery report still resolves it.
-- no_report: sent, and no delivery report came within the horizon
-- (dun.conf delivery_report_hours); a late report still resolves it.
ALTER TABLE dun.outbox DROP CONSTRAINT outbox_state_check;
ALTER TABLE dun.outbox ADD CONSTRAINT outbox_state_check CHECK (state IN ('queued', 'sending', 'sent',
    'delivered', 'failed', 'cancelled', 'unknown', 'no_report'));

-- The sender records a "handed" event (dun.outbox_events) just before it
-- hands a message to the provider. A message a stopped sender left in
-- sending with no "handed" event after its last "sending" one surely never
-- left: failed, not unknown. The recovery looks events up by message.
CREATE INDEX outbox_events_outbox_idx ON dun.outbox_events (outbox_id, id);

-- resent_as: the message a supervisor queued again in its place.
-- reviewed_at/_by: a supervisor has seen it and taken it off the list.
ALTER TABLE dun.outbox
    ADD COLUMN resent_as bigint REFERENCES dun.outbox(id) ON DELETE SET NULL,
    ADD COLUMN reviewed_at timestamptz,
    ADD COLUMN reviewed_by bigint REFERENCES dun.agents(id);

-- An inbound message from a number on several accounts is kept on none of
-- them; the accounts it could be from are here.
ALTER TABLE dun.inbound
    ADD COLUMN candidates bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN reviewed_at timestamptz,
    ADD COLUMN reviewed_by bigint REFERENCES dun.agents(id);

ALTER TABLE dun.contacts DROP CONSTRAINT contacts_outcome_check;
ALTER TABLE dun.contacts ADD CONSTRAINT contacts_outcome_check CHECK (outcome IN ('not_connected',
    'no_answer', 'busy', 'voicemail', 'conversation', 'third_party', 'wrong_number', 'refused', 'dispute',
    'callback_requested', 'queued', 'sent', 'delivered', 'failed', 'cancelled', 'unknown'));

-- A message's contact row follows it into unknown, and out of it when a
-- late report comes.
CREATE OR REPLACE FUNCTION dun.contacts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('dun.allow_purge', true) = 'on' AND TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.channel IN ('sms', 'email') AND NEW.channel = OLD.channel
       AND NEW.account_id = OLD.account_id AND NEW.at = OLD.at AND NEW.target = OLD.target
       AND NEW.direction = OLD.direction
       AND OLD.outcome IN ('queued', 'sent', 'unknown')
       AND NEW.outcome IN ('sent', 'delivered', 'failed', 'cancelled', 'unknown') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'dun.contacts is append-only (% refused)', TG_OP;
END $$;

-- Before 019 a message left in sending by a stopped sender was marked
-- failed, and did not count; some had reached the phone. They are what
-- unknown is for, and are shown for review; older failures are history.
ALTER TABLE dun.contacts DISABLE TRIGGER contacts_append_only;
UPDATE dun.contacts c SET outcome = 'unknown'
  FROM dun.outbox o
 WHERE o.contact_id = c.id AND o.state = 'failed'
   AND o.last_error LIKE 'the sender stopped during delivery%';
ALTER TABLE dun.contacts ENABLE TRIGGER contacts_append_only;
UPDATE dun.outbox SET state = 'unknown', final_at = NULL
 WHERE state = 'failed' AND last_error LIKE 'the sender stopped during delivery%';
UPDATE dun.outbox SET reviewed_at = updated_at WHERE state = 'failed';
-- What an older sender left in sending has no "handed" event (it wrote
-- none): it may have left, so the next sender's start makes it unknown.
INSERT INTO dun.outbox_events (outbox_id, state, detail, at)
SELECT id, 'handed', 'left in sending by a sender older than migration 019', now()
  FROM dun.outbox WHERE state = 'sending';
-- An unknown message went out at some point: a failure report later makes
-- it failed, but not "never left" (review list, sending again).
UPDATE dun.outbox SET sent_at = updated_at WHERE state = 'unknown' AND sent_at IS NULL;

CREATE INDEX outbox_review_idx ON dun.outbox (updated_at)
    WHERE reviewed_at IS NULL AND (state = 'unknown' OR (state = 'failed' AND sent_at IS NULL AND resent_as IS NULL));
CREATE INDEX outbox_no_report_idx ON dun.outbox (sent_at) WHERE state = 'sent';
CREATE INDEX inbound_review_idx ON dun.inbound (received_at) WHERE account_id IS NULL AND reviewed_at IS NULL;
