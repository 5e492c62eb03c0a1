-- 001: the foundation. Teams, agents, accounts and their contact points,
-- the append-only contact log, promises, payments and notes.
-- Money is integer minor units plus an ISO 4217 code; instants are timestamptz.

CREATE TABLE dun.teams (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dun.agents (
    id                     bigserial PRIMARY KEY,
    login                  text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    display_name           text NOT NULL,
    role                   text NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'supervisor', 'admin')),
    team_id                bigint REFERENCES dun.teams(id),
    monthly_target_minor   bigint NOT NULL DEFAULT 0 CHECK (monthly_target_minor >= 0),
    target_currency        char(3) NOT NULL DEFAULT 'JPY' CHECK (target_currency ~ '^[A-Z]{3}$'),
    time_zone              text NOT NULL DEFAULT 'Asia/Tokyo',
    active                 boolean NOT NULL DEFAULT true,
    created_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dun.accounts (
    id                          bigserial PRIMARY KEY,
    ref                         text NOT NULL UNIQUE CHECK (length(ref) BETWEEN 1 AND 64),
    creditor                    text NOT NULL DEFAULT '',
    debtor_name                 text NOT NULL,
    language                    text NOT NULL DEFAULT 'en' CHECK (language IN ('ja', 'en')),
    -- Candidate zones of the debtor's location; several when uncertain.
    time_zones                  text[] NOT NULL DEFAULT '{UTC}' CHECK (cardinality(time_zones) >= 1),
    balance_minor               bigint NOT NULL,
    currency                    char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    due_date                    date,      -- next due / debit date
    oldest_unpaid_due_date      date,      -- days past due are counted from it
    status                      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'closed', 'paid')),
    segment                     text NOT NULL DEFAULT '',
    assigned_agent_id           bigint REFERENCES dun.agents(id),
    prior_delinquencies         integer NOT NULL DEFAULT 0 CHECK (prior_delinquencies >= 0),
    sms_consent                 boolean NOT NULL DEFAULT false,
    email_consent               boolean NOT NULL DEFAULT false,
    sms_opt_out                 boolean NOT NULL DEFAULT false,
    email_opt_out               boolean NOT NULL DEFAULT false,
    cease                       boolean NOT NULL DEFAULT false,
    attorney                    boolean NOT NULL DEFAULT false,
    dispute                     boolean NOT NULL DEFAULT false,
    bankruptcy                  boolean NOT NULL DEFAULT false,
    deceased                    boolean NOT NULL DEFAULT false,
    employer_prohibits_contact  boolean NOT NULL DEFAULT false,
    workplace_contact_consent   boolean NOT NULL DEFAULT false,
    preferred_window_start      time,
    preferred_window_end        time,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    CHECK ((preferred_window_start IS NULL) = (preferred_window_end IS NULL))
);
CREATE INDEX accounts_assigned_idx ON dun.accounts (assigned_agent_id) WHERE status = 'active';

CREATE TABLE dun.phones (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    number       text NOT NULL CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
    kind         text NOT NULL CHECK (kind IN ('mobile', 'home', 'work')),
    consent      boolean NOT NULL DEFAULT false,
    bad          boolean NOT NULL DEFAULT false,  -- wrong number reported
    source       text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'agent')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, number)
);

CREATE TABLE dun.emails (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    address      text NOT NULL CHECK (address LIKE '%_@_%'),
    kind         text NOT NULL CHECK (kind IN ('personal', 'work')),
    consent      boolean NOT NULL DEFAULT false,
    bad          boolean NOT NULL DEFAULT false,
    source       text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'agent')),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX emails_account_address_idx ON dun.emails (account_id, lower(address));

-- The contact log is append-only: what happened stays as it happened.
CREATE TABLE dun.contacts (
    id             bigserial PRIMARY KEY,
    account_id     bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    channel        text NOT NULL CHECK (channel IN ('phone', 'sms', 'email', 'letter', 'visit')),
    direction      text NOT NULL CHECK (direction IN ('out', 'in')),
    at             timestamptz NOT NULL,
    outcome        text NOT NULL CHECK (outcome IN ('not_connected', 'no_answer', 'busy', 'voicemail',
                       'conversation', 'third_party', 'wrong_number', 'refused', 'dispute',
                       'callback_requested', 'sent', 'delivered', 'failed')),
    agent_id       bigint REFERENCES dun.agents(id),
    target         text NOT NULL DEFAULT '',
    consent_given  boolean NOT NULL DEFAULT false,
    note           text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_account_at_idx ON dun.contacts (account_id, at DESC);

CREATE FUNCTION dun.contacts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Purges (demo data replacement, account deletion by an admin) opt in explicitly.
    IF current_setting('dun.allow_purge', true) = 'on' AND TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'dun.contacts is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER contacts_append_only BEFORE UPDATE OR DELETE ON dun.contacts
    FOR EACH ROW EXECUTE FUNCTION dun.contacts_append_only();

CREATE TABLE dun.promises (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    agent_id        bigint REFERENCES dun.agents(id),
    amount_minor    bigint NOT NULL CHECK (amount_minor > 0),
    currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    promised_date   date NOT NULL,
    method          text NOT NULL DEFAULT '',
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'kept', 'partial', 'broken', 'cancelled')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    settled_at      timestamptz
);
CREATE INDEX promises_account_idx ON dun.promises (account_id, promised_date DESC);

CREATE TABLE dun.payments (
    id            bigserial PRIMARY KEY,
    account_id    bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
    currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    paid_at       timestamptz NOT NULL,
    method        text NOT NULL DEFAULT '',
    payment_id    text NOT NULL UNIQUE,   -- the payment system's id: imports are idempotent on it
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_account_idx ON dun.payments (account_id, paid_at DESC);

CREATE TABLE dun.notes (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    agent_id    bigint REFERENCES dun.agents(id),
    body        text NOT NULL CHECK (length(body) > 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_account_idx ON dun.notes (account_id, created_at DESC);
