-- 020: each message carries its own unguessable delivery-report key. Kannel
-- calls back PUBLIC_URL/dlr?id=N&key=K&type=T, and K opens the reports of
-- message N and no other: the dlr-url no longer carries the webhook token,
-- which Kannel writes into its log whenever a fetch fails.
ALTER TABLE dun.outbox ADD COLUMN report_key uuid NOT NULL DEFAULT gen_random_uuid();
