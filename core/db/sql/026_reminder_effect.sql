-- 026: reading the reminders' effect (`dun metrics --reminders`, issue 12):
-- whether a reminder's link was opened is looked up by its message.
CREATE INDEX links_outbox_idx ON dun.links (outbox_id);
