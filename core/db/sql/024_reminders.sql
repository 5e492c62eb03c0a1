-- 024: pre-due reminders (`dun remind`, issue 12).
--
-- dun.reminder_assignments: every account `dun remind` assigned in a due
-- cycle, treatment or holdout, before anything was sent. One row per
-- account and due date: the unique key is what keeps a second run (cron
-- twice, a retry) from reminding anyone twice. A treatment row is written
-- in the same transaction as its message (message_id); a holdout row has
-- none. Prior delinquencies come from dun.accounts.prior_delinquencies
-- (001; import column prior_delinquencies, default 0).
CREATE TABLE dun.reminder_assignments (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES dun.accounts(id) ON DELETE CASCADE,
    due_date     date NOT NULL,                 -- the due cycle
    arm          text NOT NULL CHECK (arm IN ('treatment', 'holdout')),
    stratum      integer NOT NULL CHECK (stratum BETWEEN 0 AND 5), -- prior delinquencies, 5 = 5 or more
    template     text NOT NULL,                 -- the wording rule's template, holdout too
    tone         text NOT NULL CHECK (tone IN ('formal', 'casual')),
    channel      text NOT NULL CHECK (channel IN ('sms', 'email')),
    message_id   bigint REFERENCES dun.outbox(id),
    blocked      text,                          -- treatment the policy refused (its reason): no message
    holdout_pct  integer NOT NULL CHECK (holdout_pct BETWEEN 0 AND 100),
    assigned_at  timestamptz NOT NULL,
    UNIQUE (account_id, due_date),
    CHECK ((arm = 'holdout' OR blocked IS NOT NULL) = (message_id IS NULL)),
    CHECK (arm = 'treatment' OR blocked IS NULL)
);
CREATE INDEX reminder_assignments_due_idx ON dun.reminder_assignments (due_date);

-- Segmented wording: which template and tone an account's reminder takes.
-- Every condition that is set must hold; the lowest priority that matches
-- wins. A balance band (minor units, [min, max)) needs a currency: yen and
-- cents are not compared. The template is a name in dun.templates
-- (purpose pre_due), looked up in the account's channel and language.
-- Change the rules in SQL; the next run reads them.
CREATE TABLE dun.reminder_rules (
    id                 bigserial PRIMARY KEY,
    priority           integer NOT NULL,
    language           text CHECK (language IN ('ja', 'en')),
    currency           char(3) CHECK (currency ~ '^[A-Z]{3}$'),
    min_balance_minor  bigint,
    max_balance_minor  bigint,
    min_prior          integer CHECK (min_prior >= 0),
    max_prior          integer CHECK (max_prior >= 0),
    template           text NOT NULL CHECK (template ~ '^[a-z0-9_]{1,63}$'),
    tone               text NOT NULL CHECK (tone IN ('formal', 'casual')),
    note               text NOT NULL DEFAULT '',
    CHECK (currency IS NOT NULL OR (min_balance_minor IS NULL AND max_balance_minor IS NULL))
);

INSERT INTO dun.reminder_rules (priority, language, currency, min_balance_minor, max_balance_minor, min_prior,
                                max_prior, template, tone, note) VALUES
    (10, NULL, NULL, NULL, NULL, 4, NULL, 'remind_formal', 'formal', 'late four times or more: formal'),
    (20, NULL, 'JPY', 300000, NULL, NULL, NULL, 'remind_formal', 'formal', 'JPY 300,000 or more: formal'),
    (20, NULL, 'USD', 300000, NULL, NULL, NULL, 'remind_formal', 'formal', 'USD 3,000.00 or more: formal'),
    (100, NULL, NULL, NULL, NULL, NULL, NULL, 'remind_casual', 'casual', 'everyone else: short and friendly');

-- The reminder templates: short, friendly, the company first, no link
-- (a later issue adds {{link}}), {{opt_out}} in every one. Japanese SMS
-- within 2 UCS-2 parts, English SMS GSM-7 only. No {{agent}}: the system
-- sends them.
INSERT INTO dun.templates (channel, name, purpose, language, tone, subject, body) VALUES
('sms', 'remind_casual', 'pre_due', 'ja', 'soft', '',
 '{{company}}です。{{name}}様、{{due_date}}は{{amount_due}}のお支払日です。いつもありがとうございます。{{opt_out}}'),
('sms', 'remind_formal', 'pre_due', 'ja', 'neutral', '',
 '{{company}}でございます。{{name}}様、{{due_date}}にお支払い{{amount_due}}の期日を迎えます。ご確認をお願い申し上げます。お問合せ: {{phone}} {{opt_out}}'),
('sms', 'remind_casual', 'pre_due', 'en', 'soft', '',
 '{{company}}: Hi {{name}}, just a heads-up that {{amount_due}} is due on {{due_date}}. Thanks! {{opt_out}}'),
('sms', 'remind_formal', 'pre_due', 'en', 'neutral', '',
 '{{company}}: Dear {{name}}, this is a reminder that your payment of {{amount_due}} is due on {{due_date}}. Questions: {{phone}}. {{opt_out}}'),
('email', 'remind_casual', 'pre_due', 'ja', 'soft', '【{{company}}】{{due_date}}のお支払日のお知らせ',
 '{{name}}様

{{company}}です。{{due_date}}は{{amount_due}}のお支払日です。
いつもありがとうございます。

{{opt_out}}'),
('email', 'remind_formal', 'pre_due', 'ja', 'neutral', '【{{company}}】お支払期日のご案内',
 '{{name}}様

{{company}}でございます。
{{due_date}}にお支払い{{amount_due}}の期日を迎えますので、ご案内申し上げます。
すでにお手続きがお済みの場合は、何卒ご容赦ください。

お問合せ: {{phone}}

{{opt_out}}'),
('email', 'remind_casual', 'pre_due', 'en', 'soft', '{{company}}: {{amount_due}} due on {{due_date}}',
 'Hi {{name}},

Just a friendly heads-up from {{company}}: {{amount_due}} is due on {{due_date}}.

Thanks!

{{opt_out}}'),
('email', 'remind_formal', 'pre_due', 'en', 'neutral', '{{company}}: payment due on {{due_date}}',
 'Dear {{name}},

This is a reminder from {{company}} that your payment of {{amount_due}} is due on {{due_date}}.
If you have already paid, thank you, and please disregard this message.

Questions: {{phone}}

{{opt_out}}')
ON CONFLICT (channel, name, language) DO NOTHING;
