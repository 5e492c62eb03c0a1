-- 025: the self-service link (issue 12): {{link}} is PUBLIC_URL/p/TOKEN.
--
-- dun.links: one row per message whose body carries a link, written with
-- the message in the same transaction (outbox_enqueue_in_tx). The token is
-- 128 random bits from the kernel (getrandom(2), when the message is
-- rendered), 32 hex digits; it is the only key of the page, which
-- shows no account reference. A link expires expires_at (link_days after it
-- was made, dun.conf link_days, default 14). A GET records first_click_at
-- and counts clicks; only a POST records a promise.
CREATE TABLE dun.links (
    token           text PRIMARY KEY CHECK (token ~ '^[0-9a-f]{32}$'),
    outbox_id       bigint NOT NULL REFERENCES dun.outbox(id) ON DELETE CASCADE,
    account_id      bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    first_click_at  timestamptz,
    clicks          integer NOT NULL DEFAULT 0 CHECK (clicks >= 0)
);
CREATE INDEX links_account_idx ON dun.links (account_id);

-- Who recorded a promise: an agent, or the debtor through the link.
ALTER TABLE dun.promises
    ADD COLUMN source text NOT NULL DEFAULT 'agent' CHECK (source IN ('agent', 'self_service'));
