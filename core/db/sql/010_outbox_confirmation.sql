-- Whether a message is an opt-out confirmation is a fact of the message,
-- set only where a STOP is answered, not inferred from its template's name
-- (anyone may send any template; only the answer to a STOP skips consent,
-- opt-out and spacing).
ALTER TABLE dun.outbox ADD COLUMN confirmation boolean NOT NULL DEFAULT false;
UPDATE dun.outbox SET confirmation = true
 WHERE template = 'opt_out_confirmation_sms' AND agent_id IS NULL;
