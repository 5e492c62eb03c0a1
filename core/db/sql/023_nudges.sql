-- 023: nudges, when and whom to thank (core/nudges.h).
--
-- U on the account screen ("the customer is upset") was only a toggle of
-- the hints panel; a call logged while it is on now says so, so that a
-- supervisor can be told who handled an upset customer today.
ALTER TABLE dun.contacts ADD COLUMN upset boolean NOT NULL DEFAULT false;

-- The language an agent reads in: a nudge's words are in the receiver's
-- language, since they are the one who will read the thanks. The agents'
-- other defaults (Asia/Tokyo, JPY) are Japanese too.
ALTER TABLE dun.agents ADD COLUMN language text NOT NULL DEFAULT 'ja' CHECK (language ~ '^[a-z]{2}$');

-- The words a nudge offers, as data like the script hints: supervisors
-- reword them in SQL, a new language is only rows. The first active phrase
-- (by position) of the receiver's language is used, else the English one.
-- Fields: {{name}} the colleague's name, {{ref}} the account, {{amount}} the
-- promise's amount, {{days}} days since they were last thanked, {{calls}}
-- their calls today. House style: plain, specific thanks for what they did;
-- not praise of who they are, no superlatives, no comparison with others.
CREATE TABLE dun.nudge_phrases (
    id          bigserial PRIMARY KEY,
    language    text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    context     text NOT NULL CHECK (context IN ('promise_kept', 'dispute', 'refused', 'upset',
                                                 'not_thanked', 'before_correct')),
    position    integer NOT NULL DEFAULT 0,
    text        text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 200),
    active      boolean NOT NULL DEFAULT true
);

INSERT INTO dun.nudge_phrases (language, context, position, text) VALUES
('ja', 'promise_kept', 10, 'ありがとうございます、{{name}}さんの約束、今日入金がありました（{{ref}}、{{amount}}）。'),
('en', 'promise_kept', 10, 'Thanks, {{name}}: the promise you took on {{ref}} was paid today ({{amount}}).'),
('ja', 'dispute', 10, '{{name}}さん、今日の{{ref}}の異議申し立て、落ち着いて対応してくれてありがとうございます。'),
('en', 'dispute', 10, 'Thanks for handling that dispute calmly today, {{name}} ({{ref}}).'),
('ja', 'refused', 10, '{{name}}さん、{{ref}}の難しい電話、最後まで丁寧に対応してくれてありがとうございます。'),
('en', 'refused', 10, 'Thanks for staying polite through that hard call on {{ref}} today, {{name}}.'),
('ja', 'upset', 10, '{{name}}さん、{{ref}}でお客様が動揺されていたとき、落ち着いて聞いてくれてありがとうございます。'),
('en', 'upset', 10, 'Thanks for listening calmly to an upset customer on {{ref}} today, {{name}}.'),
('ja', 'not_thanked', 10, '{{name}}さん、いつもチームを支えてくれてありがとうございます。'),
('en', 'not_thanked', 10, 'Thanks for your steady work with the team, {{name}}.'),
('ja', 'before_correct', 10, '{{name}}さん、今日の電話（{{calls}}件）、ありがとうございます。'),
('en', 'before_correct', 10, 'Thanks for your calls today, {{name}} ({{calls}} so far).');

-- A dismissed nudge does not come back: one row per viewer, kind, subject
-- (a promise, a contact or an agent) and the day it was about.
CREATE TABLE dun.nudge_dismissals (
    viewer_id   bigint NOT NULL REFERENCES dun.agents(id),
    kind        text NOT NULL CHECK (kind IN ('promise_kept', 'hard_call', 'not_thanked', 'before_correct')),
    subject_id  bigint NOT NULL,
    day         date NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (viewer_id, kind, subject_id, day)
);

CREATE INDEX promises_agent_settled_idx ON dun.promises (agent_id, settled_at) WHERE status IN ('kept', 'broken');
