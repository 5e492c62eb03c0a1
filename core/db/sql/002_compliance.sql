-- 002: contact compliance as data, and the priority score's weights.
-- A change to dun.policies or dun.priority_weights takes effect at the next
-- check or queue refresh: nothing is cached across them.

CREATE TABLE dun.policies (
    code                       text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{0,15}$'),
    name                       text NOT NULL,
    quiet_start                time NOT NULL,            -- local time quiet hours begin
    quiet_end                  time NOT NULL,            -- local time they end
    quiet_channels             text[] NOT NULL,          -- channels quiet hours apply to
    preferred_window           boolean NOT NULL,         -- honour the debtor's stated window
    phone_daily_cap            integer NOT NULL DEFAULT 0 CHECK (phone_daily_cap >= 0),
    calls_in_7_days            integer NOT NULL DEFAULT 0 CHECK (calls_in_7_days >= 0),
    after_conversation         boolean NOT NULL DEFAULT false,
    sms_interval               interval NOT NULL DEFAULT '0',
    email_interval             interval NOT NULL DEFAULT '0',
    letter_interval            interval NOT NULL DEFAULT '0',
    workplace_needs_consent    boolean NOT NULL DEFAULT false,
    employer_prohibition       boolean NOT NULL DEFAULT false,
    employer_email_blocked     boolean NOT NULL DEFAULT false,
    cease_channels             text[] NOT NULL DEFAULT '{phone,sms,email,letter}',
    attorney_channels          text[] NOT NULL DEFAULT '{phone,sms,email,letter}',
    dispute_channels           text[] NOT NULL DEFAULT '{phone,sms,email,letter}',
    bankruptcy_channels        text[] NOT NULL DEFAULT '{phone,sms,email,letter}',
    deceased_channels          text[] NOT NULL DEFAULT '{phone,sms,email,letter}',
    sms_needs_consent          boolean NOT NULL DEFAULT true,
    email_needs_consent        boolean NOT NULL DEFAULT true,
    electronic_opt_out_notice  boolean NOT NULL DEFAULT false,
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    CHECK (quiet_channels <@ '{phone,sms,email,letter}' AND cease_channels <@ '{phone,sms,email,letter}'
           AND attorney_channels <@ '{phone,sms,email,letter}' AND dispute_channels <@ '{phone,sms,email,letter}'
           AND bankruptcy_channels <@ '{phone,sms,email,letter}' AND deceased_channels <@ '{phone,sms,email,letter}')
);

-- Sources and reasoning: docs/compliance.md.
INSERT INTO dun.policies (code, name, quiet_start, quiet_end, quiet_channels, preferred_window,
    phone_daily_cap, calls_in_7_days, after_conversation, sms_interval, email_interval, letter_interval,
    workplace_needs_consent, employer_prohibition, employer_email_blocked, attorney_channels,
    electronic_opt_out_notice)
VALUES
    ('JP', 'Japan: Money Lending Business Act art. 21', '21:00', '08:00', '{phone,sms,email}', true,
     3, 0, false, '1 day', '1 day', '7 days', true, false, false, '{phone}', false),
    ('US', 'United States: Regulation F (12 CFR 1006)', '21:00', '08:00', '{phone,sms,email}', true,
     0, 7, true, '0', '0', '0', false, true, true, '{phone,sms,email,letter}', true);

-- A creditor's accounts follow its policy unless the account names one.
CREATE TABLE dun.creditor_policies (
    creditor     text PRIMARY KEY,
    policy_code  text NOT NULL REFERENCES dun.policies(code)
);

ALTER TABLE dun.accounts
    ADD COLUMN jurisdiction text REFERENCES dun.policies(code),
    ADD COLUMN postal_address text;

-- The policy in force for each account: its own, its creditor's, else by
-- where the debtor is (US zones -> US, otherwise JP, the stricter on hours).
CREATE VIEW dun.account_policy AS
SELECT a.id AS account_id,
       coalesce(a.jurisdiction, cp.policy_code,
                CASE WHEN a.time_zones[1] LIKE 'America/%' OR a.time_zones[1] LIKE 'US/%'
                          OR a.time_zones[1] = 'Pacific/Honolulu' THEN 'US' ELSE 'JP' END) AS policy_code
  FROM dun.accounts a
  LEFT JOIN dun.creditor_policies cp ON cp.creditor = a.creditor;

-- Numbers nobody may call or text.
CREATE TABLE dun.dnc (
    number    text PRIMARY KEY CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
    note      text NOT NULL DEFAULT '',
    added_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dun.callbacks (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    agent_id    bigint REFERENCES dun.agents(id),
    due_at      timestamptz NOT NULL,
    note        text NOT NULL DEFAULT '',
    done_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX callbacks_open_idx ON dun.callbacks (account_id, due_at) WHERE done_at IS NULL;

-- The priority score: each factor's value times its weight, summed.
CREATE TABLE dun.priority_weights (
    factor  text PRIMARY KEY,
    weight  double precision NOT NULL,
    note    text NOT NULL DEFAULT ''
);
INSERT INTO dun.priority_weights (factor, weight, note) VALUES
    ('promise_due_today',   40, 'a pending promise falls due today (1/0)'),
    ('promise_broken',      35, 'a promise broke in the last 3 days (1/0)'),
    ('callback_due',        60, 'a callback is due (1/0)'),
    ('dpd_bucket',           8, 'days past due bucket: 0 current, 1 = 1-30, 2 = 31-60, 3 = 61-90, 4 = 91+'),
    ('balance',              5, 'log10 of the balance in minor units (a cent and a yen weigh about the same)'),
    ('prior_delinquencies',  2, 'times late before, at most 5'),
    ('days_since_contact',   1, 'days since the last contact, at most 30 (never = 30)'),
    ('contactable_now',    100, 'some channel is allowed right now (1/0): nobody-reachable accounts sink'),
    ('predue_history',      15, 'not yet due, but late before (1/0)');

CREATE INDEX contacts_phone_out_idx ON dun.contacts (account_id, at) WHERE channel = 'phone' AND direction = 'out';
