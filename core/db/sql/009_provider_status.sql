-- A provider that refuses dun itself (wrong gateway or SMTP credentials)
-- pauses its channel: the sender holds every message for it and records the
-- pause here, so that every agent's screen and the operator see why nothing
-- is going out. The row goes when a message gets through again.
CREATE TABLE dun.provider_status (
    channel      text PRIMARY KEY CHECK (channel IN ('sms', 'email')),
    provider     text NOT NULL,
    paused_until timestamptz NOT NULL,
    reason       text NOT NULL,
    since        timestamptz NOT NULL
);
