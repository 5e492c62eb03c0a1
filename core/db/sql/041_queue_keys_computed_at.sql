-- A key holds from the moment dun computed it to its edge, not only until
-- its edge: a reader earlier than the computation (a workstation whose
-- DUN_NOW or clock is behind the one that wrote the key) would otherwise
-- take a later moment's order for its own, and a reader with DUN_NOW ahead
-- would write its future order for every workstation until the next edge.
-- A key computed after a reader's now is stale to that reader.
-- '-infinity': computed before this column existed, or resting (an inactive
-- account's key holds at every moment).
ALTER TABLE dun.queue_keys ADD COLUMN computed_at timestamptz NOT NULL DEFAULT '-infinity';
-- dun serve's and `dun reorder`'s pass: the keys computed after their now.
CREATE INDEX queue_keys_computed_idx ON dun.queue_keys (computed_at);
