-- 022: indexes for the supervisor metrics (core/metrics.h). `dun metrics`
-- reads a team's figures in one aggregate query over a period: each table
-- is reached by the agent the figure belongs to and the time it happened.
CREATE INDEX contacts_agent_at_idx ON dun.contacts (agent_id, at);
CREATE INDEX promises_agent_created_idx ON dun.promises (agent_id, created_at);
CREATE INDEX promises_agent_date_idx ON dun.promises (agent_id, promised_date) WHERE status <> 'cancelled';
CREATE INDEX payments_paid_at_idx ON dun.payments (paid_at);
CREATE INDEX outbox_agent_sent_idx ON dun.outbox (agent_id, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX inbound_received_idx ON dun.inbound (received_at) WHERE account_id IS NOT NULL;
