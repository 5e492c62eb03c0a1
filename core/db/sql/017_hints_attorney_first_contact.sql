-- 017: script hints for an account an attorney represents, and first-contact
-- lines that are true on any call before the first conversation.
--
-- attorney: once a lawyer (弁護士・司法書士) represents the debtor, nobody
-- contacts the debtor or asks them to pay; the panel shows only these lines
-- (core/hints.h): the note, and how to answer the debtor calling in.
ALTER TABLE dun.script_hints DROP CONSTRAINT script_hints_context_check;
ALTER TABLE dun.script_hints ADD CONSTRAINT script_hints_context_check
    CHECK (context IN ('opening', 'cushion', 'confirm', 'thanks',
                       'first_contact', 'broken_promise', 'pre_due',
                       'dispute', 'third_party', 'upset',
                       'promise_kept', 'payment_received', 'attorney'));

INSERT INTO dun.script_hints (language, context, position, text) VALUES
('ja', 'attorney', 10, '（弁護士等が受任しています。ご本人への連絡・請求は行わず、代理人にご連絡ください）'),
('ja', 'attorney', 20, '（ご本人からお電話があった場合も、お支払いのお話はせず、次のようにお伝えください）'),
('ja', 'attorney', 30, 'お電話ありがとうございます。本件につきましては、担当の先生を通してご連絡させていただきます。'),
('en', 'attorney', 10, '(An attorney represents this debtor: do not contact or ask them to pay; contact the attorney.)'),
('en', 'attorney', 20, '(If the debtor calls in, do not discuss the debt or a payment; say:)'),
('en', 'attorney', 30, 'Thank you for calling. We''ll be in touch through your attorney.');

-- first_contact shows until the first conversation, however many calls went
-- unanswered before it: "this is our first call" was often untrue. Only the
-- seeded wording is replaced; a line a supervisor has reworded stays theirs.
UPDATE dun.script_hints
   SET text = '本日は{{creditor}}のご契約の件でご連絡いたしました。お電話に出ていただき、ありがとうございます。',
       updated_at = now()
 WHERE language = 'ja' AND context = 'first_contact' AND position = 10
   AND text = '本日は{{creditor}}のご契約の件でご連絡いたしました。初めてのお電話となり失礼いたします。';
UPDATE dun.script_hints
   SET text = 'I''m calling about your {{creditor}} account. Thank you for picking up.',
       updated_at = now()
 WHERE language = 'en' AND context = 'first_contact' AND position = 10
   AND text = 'I''m calling about your {{creditor}} account. This is our first call, so thank you for picking up.';
