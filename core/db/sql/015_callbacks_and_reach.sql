-- 015: callbacks are worked. A call logged on the account, a promise, or the
-- agent's explicit "done" completes the callback that is due; how is kept.
-- A callback stays at the top of the queue for two hours after it comes due;
-- after that nobody worked it, and it counts as late (a smaller weight)
-- instead of pinning the account above everything forever.
ALTER TABLE dun.callbacks
    ADD COLUMN done_reason text CHECK (done_reason IN ('contact', 'promise', 'done')),
    ADD COLUMN done_by bigint REFERENCES dun.agents(id),
    ADD CONSTRAINT callbacks_done_reason CHECK ((done_at IS NULL) = (done_reason IS NULL));
CREATE INDEX callbacks_agent_open_idx ON dun.callbacks (agent_id, due_at) WHERE done_at IS NULL;

UPDATE dun.priority_weights
   SET note = 'a callback came due in the last two hours (1/0): it goes to the top'
 WHERE factor = 'callback_due';
INSERT INTO dun.priority_weights (factor, weight, note) VALUES
    ('callback_overdue', 50, 'a callback came due more than two hours ago and nobody worked it (1/0)');

-- contactable_now counts what the agent can do now: a call 1, only an SMS or
-- an email 0.5, nothing (or only a letter) 0.
UPDATE dun.priority_weights
   SET note = 'a call is allowed now (1), else only an SMS or email (0.5); a letter alone does not count'
 WHERE factor = 'contactable_now';
