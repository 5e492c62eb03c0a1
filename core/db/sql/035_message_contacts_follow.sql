-- 033's message_contact_follow, for a whole batch in one statement: the
-- sender records a batch of providers' answers (or of refusals at dispatch)
-- at once, and one UPDATE with a join beats a function call per message.
-- It copies each message's own state to its contact row, as 033's does.
CREATE FUNCTION dun.message_contacts_follow(p_outbox bigint[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
    UPDATE dun.contacts c SET outcome = o.state
      FROM dun.outbox o
     WHERE o.id = ANY (p_outbox) AND c.id = o.contact_id AND c.outcome <> o.state
       AND o.state IN ('sent', 'delivered', 'failed', 'cancelled', 'unknown')
$$;
REVOKE EXECUTE ON FUNCTION dun.message_contacts_follow(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dun.message_contacts_follow(bigint[]) TO dun_agent, dun_system;
DROP FUNCTION dun.message_contact_follow(bigint);
