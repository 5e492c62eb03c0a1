-- dun serve's settlement pass looks only at pending promises the date can
-- have settled: due by today's date in any zone (tui/settler.c,
-- store_settle_step). This finds them without walking every pending one.
CREATE INDEX promises_pending_due_idx ON dun.promises (promised_date, account_id) WHERE status = 'pending';
