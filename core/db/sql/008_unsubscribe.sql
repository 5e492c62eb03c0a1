-- 008: each message carries its own unguessable unsubscribe key, so the
-- List-Unsubscribe link needs no shared secret and cannot be forged.
ALTER TABLE dun.outbox ADD COLUMN unsubscribe_key uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX outbox_unsubscribe_idx ON dun.outbox (unsubscribe_key);
