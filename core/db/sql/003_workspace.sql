-- 003: the account workspace: instalment plans, promise settlement,
-- flag changes on the history, and script hints as data.

CREATE TABLE dun.plans (
    id             bigserial PRIMARY KEY,
    account_id     bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    agent_id       bigint REFERENCES dun.agents(id),
    total_minor    bigint NOT NULL CHECK (total_minor > 0),
    currency       char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    instalments    integer NOT NULL CHECK (instalments BETWEEN 2 AND 60),
    frequency      text NOT NULL CHECK (frequency IN ('weekly', 'biweekly', 'monthly')),
    first_date     date NOT NULL,
    method         text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'kept', 'broken', 'cancelled')),
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- A plan's instalments are promises with plan_id set; each settles on its own.
ALTER TABLE dun.promises
    ADD COLUMN plan_id bigint REFERENCES dun.plans(id) ON DELETE CASCADE,
    ADD COLUMN instalment integer,
    ADD COLUMN paid_minor bigint NOT NULL DEFAULT 0 CHECK (paid_minor >= 0);
CREATE INDEX promises_open_idx ON dun.promises (account_id) WHERE status = 'pending';

ALTER TABLE dun.policies
    ADD COLUMN max_promise_days integer NOT NULL DEFAULT 30 CHECK (max_promise_days > 0),
    ADD COLUMN promise_grace_days integer NOT NULL DEFAULT 1 CHECK (promise_grace_days >= 0);

-- Flag changes (dispute raised, wrong number, ...) appear on the history.
CREATE TABLE dun.flag_changes (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    flag        text NOT NULL,
    value       text NOT NULL,
    agent_id    bigint REFERENCES dun.agents(id),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flag_changes_account_idx ON dun.flag_changes (account_id, at DESC);
