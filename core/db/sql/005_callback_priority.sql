-- 005: a due callback goes to the top of the agent's queue: its weight must
-- outweigh every other factor together.
UPDATE dun.priority_weights SET weight = 1000, note = 'a callback is due (1/0): it goes to the top'
 WHERE factor = 'callback_due';
