-- Every version of every template, and who made it: "what did our SMS say
-- on 3 November, and who changed it?" is a question a regulator or a
-- complaint asks. A trigger records each insert and each real change
-- (imports skip rows that did not change); dun import templates names the
-- supervisor through the session setting dun.agent_id, and any other edit
-- (plain SQL) is kept with the database role that made it.
CREATE TABLE dun.template_history (
    id           bigserial PRIMARY KEY,
    template_id  bigint NOT NULL,
    channel      text NOT NULL,
    name         text NOT NULL,
    language     text NOT NULL,
    purpose      text NOT NULL,
    segment      text NOT NULL,
    tone         text NOT NULL,
    subject      text NOT NULL,
    body         text NOT NULL,
    active       boolean NOT NULL,
    changed_by   bigint REFERENCES dun.agents(id),
    db_role      text NOT NULL DEFAULT current_user,
    changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX template_history_template_idx ON dun.template_history (template_id, changed_at);

CREATE FUNCTION dun.template_history_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dun.template_history (template_id, channel, name, language, purpose, segment, tone, subject,
                                      body, active, changed_by)
    VALUES (NEW.id, NEW.channel, NEW.name, NEW.language, NEW.purpose, NEW.segment, NEW.tone, NEW.subject,
            NEW.body, NEW.active, nullif(current_setting('dun.agent_id', true), '')::bigint);
    RETURN NEW;
END $$;

CREATE TRIGGER templates_history AFTER INSERT OR UPDATE ON dun.templates
    FOR EACH ROW EXECUTE FUNCTION dun.template_history_record();

-- The versions already there (the seeded ones) are the first of each history.
INSERT INTO dun.template_history (template_id, channel, name, language, purpose, segment, tone, subject, body,
                                  active, changed_at)
SELECT id, channel, name, language, purpose, segment, tone, subject, body, active, updated_at FROM dun.templates;
