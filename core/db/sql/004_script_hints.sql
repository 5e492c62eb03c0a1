-- 004: script hints, the talk-track lines the account screen shows.
--
-- Hints are data: supervisors edit them in SQL and the panel picks them up
-- on the next load, without a new build. The panel chooses contexts from the
-- account's situation (core/hints.h) and, per context, shows the active
-- hints in the account's language in `position` order, falling back to
-- English for a context that has none in that language. A new language is
-- only rows here, e.g.
--
--   INSERT INTO dun.script_hints (language, context, position, text)
--   VALUES ('fr', 'opening', 10, 'Bonjour, ici {{agent}} de {{company}}. ...');
--
-- {{agent}}, {{company}}, {{debtor}}, {{amount}}, ... are shown as written.
-- Lines in parentheses are notes for the agent, not to be read out.
-- Positions step by 10 so a line can be slotted in between; to retire a
-- line, set active = false rather than deleting it.
--
-- House style: kind and professional. Never threaten, never shame, never
-- mention legal steps; with anyone but the account holder, say nothing
-- about the account.

CREATE TABLE dun.script_hints (
    id          bigserial PRIMARY KEY,
    language    text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    context     text NOT NULL CHECK (context IN ('opening', 'cushion', 'confirm', 'thanks',
                                                 'first_contact', 'broken_promise', 'pre_due',
                                                 'dispute', 'third_party', 'upset',
                                                 'promise_kept', 'payment_received')),
    position    integer NOT NULL DEFAULT 0,
    text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
    active      boolean NOT NULL DEFAULT true,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX script_hints_lookup_idx ON dun.script_hints (language, context, position);

INSERT INTO dun.script_hints (language, context, position, text) VALUES
-- opening: who we are, then ask whether now is a good time.
('ja', 'opening', 10, 'お忙しいところ恐れ入ります。{{company}}の{{agent}}と申します。今お時間よろしいでしょうか。'),
('ja', 'opening', 20, '恐れ入りますが、{{debtor}}様ご本人でいらっしゃいますか。'),
('ja', 'opening', 30, 'ご都合が悪いようでしたら、ご都合のよいお時間に改めてお電話いたします。'),
('en', 'opening', 10, 'Sorry to trouble you — this is {{agent}} from {{company}}. Is now a good time to talk?'),
('en', 'opening', 20, 'May I just check that I''m speaking with {{debtor}}?'),
('en', 'opening', 30, 'If now isn''t convenient, I''m happy to call back at a time that suits you.'),

-- cushion: softeners before any request.
('ja', 'cushion', 10, '恐れ入りますが、…'),
('ja', 'cushion', 20, 'ご多忙中と存じますが、…'),
('ja', 'cushion', 30, 'たびたびのご連絡となり恐れ入りますが、…'),
('ja', 'cushion', 40, 'お手数をおかけいたしますが、…'),
('en', 'cushion', 10, 'I''m sorry to ask, but…'),
('en', 'cushion', 20, 'I know you''re busy, but…'),
('en', 'cushion', 30, 'I apologise for contacting you again, but…'),
('en', 'cushion', 40, 'I''m sorry for the inconvenience, but…'),

-- confirm: why the payment was missed. First rule out our own billing
-- mistake (invoice, address, dates), then amount, due date, method.
('ja', 'confirm', 10, 'まず、当社のご請求に不備がなかったか確認させてください。請求書はお手元に届いておりますでしょうか。'),
('ja', 'confirm', 20, 'ご登録のご住所と、請求書に記載の日付に誤りはございませんでしょうか。'),
('ja', 'confirm', 30, 'ご請求金額は{{amount}}となっております。金額にお心当たりはございますでしょうか。'),
('ja', 'confirm', 40, 'お支払期日は{{due_date}}でございました。期日のご認識に相違はございませんか。'),
('ja', 'confirm', 50, 'お支払い方法は{{method}}でよろしかったでしょうか。ご不便な点があればお聞かせください。'),
('en', 'confirm', 10, 'First, let me make sure nothing went wrong on our side — did you receive our invoice?'),
('en', 'confirm', 20, 'Do we have your address right, and did the dates on the invoice look correct to you?'),
('en', 'confirm', 30, 'The amount we show is {{amount}}. Does that match what you expected?'),
('en', 'confirm', 40, 'The payment was due on {{due_date}}. Does that date match your records?'),
('en', 'confirm', 50, 'Is {{method}} still the easiest way for you to pay, or would another method suit you better?'),

-- thanks: for taking the call.
('ja', 'thanks', 10, '本日はお忙しい中お時間をいただき、ありがとうございました。'),
('ja', 'thanks', 20, 'ご丁寧にご対応いただき、ありがとうございます。'),
('ja', 'thanks', 30, 'ご不明な点がございましたら、いつでも{{callback_number}}までお問い合わせください。'),
('en', 'thanks', 10, 'Thank you for taking the time to speak with me today.'),
('en', 'thanks', 20, 'Thank you for your help — I really appreciate it.'),
('en', 'thanks', 30, 'If anything comes up, you can always reach us on {{callback_number}}.'),

-- first_contact: the reason for the call, and an offer to help.
('ja', 'first_contact', 10, '本日は{{creditor}}のご契約の件でご連絡いたしました。初めてのお電話となり失礼いたします。'),
('ja', 'first_contact', 20, '現在のご状況をお伺いして、無理のないお支払い方法を一緒に考えさせていただければと存じます。'),
('ja', 'first_contact', 30, 'お心当たりのない点やご不明な点がございましたら、どうぞご遠慮なくお申し付けください。'),
('en', 'first_contact', 10, 'I''m calling about your {{creditor}} account. This is our first call, so thank you for picking up.'),
('en', 'first_contact', 20, 'I''d like to understand your situation and find a way forward that works for you.'),
('en', 'first_contact', 30, 'If anything doesn''t look right to you, please tell me and we''ll look into it.'),

-- broken_promise: calm, no blame; ask what changed, offer a new date or a plan.
('ja', 'broken_promise', 10, '{{promise_date}}にお約束いただいたお支払いがまだ確認できておりませんでしたので、ご連絡いたしました。'),
('ja', 'broken_promise', 20, 'その後、何かご事情が変わられましたでしょうか。差し支えなければお聞かせください。'),
('ja', 'broken_promise', 30, 'よろしければ、ご都合のよいお支払日を改めて決めさせていただけますでしょうか。'),
('ja', 'broken_promise', 40, '一度のお支払いが難しいようでしたら、分割でのお支払いもご相談いただけます。'),
('en', 'broken_promise', 10, 'We haven''t seen the payment planned for {{promise_date}} yet, so I wanted to check in with you.'),
('en', 'broken_promise', 20, 'Has anything changed since we last spoke? I''m happy to hear what''s going on.'),
('en', 'broken_promise', 30, 'Could we find a new date that works better for you?'),
('en', 'broken_promise', 40, 'If one payment is difficult right now, we can look at an instalment plan together.'),

-- pre_due: a courtesy reminder, not a demand.
('ja', 'pre_due', 10, 'お支払期日（{{due_date}}）が近づいておりますので、念のためご案内のお電話をいたしました。'),
('ja', 'pre_due', 20, 'すでにお手続きがお済みでしたら、行き違いとなり失礼いたしました。'),
('ja', 'pre_due', 30, 'お支払いについてご不明な点がございましたら、お気軽にお尋ねください。'),
('en', 'pre_due', 10, 'Just a courtesy call: your payment of {{amount}} is coming up on {{due_date}}.'),
('en', 'pre_due', 20, 'If you''ve already arranged it, thank you, and please disregard this call.'),
('en', 'pre_due', 30, 'If you have any questions about it, I''m happy to help.'),

-- dispute: acknowledge, record the details, contact pauses until resolved.
('ja', 'dispute', 10, 'ご指摘いただきありがとうございます。ご請求の内容にご納得いただけない点があること、承知いたしました。'),
('ja', 'dispute', 20, 'どの点が違っているか、詳しくお聞かせいただけますか。内容を記録して確認いたします。'),
('ja', 'dispute', 30, '確認が済むまで、本件についてのご連絡は控えさせていただきます。'),
('ja', 'dispute', 40, '確認の結果は、改めて書面でお知らせいたします。'),
('en', 'dispute', 10, 'Thank you for telling me. I understand you don''t agree with this balance.'),
('en', 'dispute', 20, 'Could you tell me exactly what doesn''t look right? I''ll record it so it can be looked into.'),
('en', 'dispute', 30, 'We''ll pause contact about this account until the dispute has been resolved.'),
('en', 'dispute', 40, 'We''ll let you know the outcome of the review in writing.'),

-- third_party: not the account holder. Do not disclose the debt; leave only
-- a name and a callback number, and ask when the person can be reached.
('ja', 'third_party', 10, '（ご本人以外の方です。ご用件やご契約の内容は伝えず、お名前と折り返し先だけをお伝えください）'),
('ja', 'third_party', 20, '{{debtor}}様には、いつ頃でしたらご連絡がつきますでしょうか。'),
('ja', 'third_party', 30, '恐れ入りますが、{{agent}}から電話があったとお伝えいただけますでしょうか。折り返しは{{callback_number}}までお願いいたします。'),
('ja', 'third_party', 40, '申し訳ございませんが、ご用件はご本人様に直接お伝えすることになっております。'),
('en', 'third_party', 10, '(Not the account holder: do not mention the account or the reason for the call. Leave only your name and a callback number.)'),
('en', 'third_party', 20, 'Could you tell me when would be a good time to reach {{debtor}}?'),
('en', 'third_party', 30, 'Could you let them know {{agent}} called? They can reach me on {{callback_number}}.'),
('en', 'third_party', 40, 'I''m sorry, it''s a personal matter, so I can only discuss it with them directly.'),

-- upset: slow down, acknowledge feelings, apologise, offer to call back.
('ja', 'upset', 10, '（ゆっくり、落ち着いた声で話し、相手の話を遮らないでください）'),
('ja', 'upset', 20, 'ご不安なお気持ち、よく承知いたしました。お話しくださりありがとうございます。'),
('ja', 'upset', 30, 'ご迷惑とご心配をおかけしてしまい、誠に申し訳ございません。'),
('ja', 'upset', 40, '今お話しするのがご負担でしたら、ご都合のよいときに改めてお電話いたしましょうか。'),
('en', 'upset', 10, '(Slow down, keep your voice calm, and let them finish.)'),
('en', 'upset', 20, 'I can hear this is stressful, and thank you for telling me how you feel.'),
('en', 'upset', 30, 'I''m sorry for the trouble this has caused you.'),
('en', 'upset', 40, 'Would it be easier if I called you back at a better time for you?'),

-- promise_kept: thanks for keeping the promise.
('ja', 'promise_kept', 10, 'お約束どおりお支払いいただき、誠にありがとうございました。'),
('ja', 'promise_kept', 20, 'お約束を守っていただき、大変助かりました。'),
('en', 'promise_kept', 10, 'Thank you for making the payment just as you said you would.'),
('en', 'promise_kept', 20, 'Thank you for keeping to the arrangement — it really helps.'),

-- payment_received: thanks for the last payment.
('ja', 'payment_received', 10, '先日はお支払いいただき、誠にありがとうございました。'),
('ja', 'payment_received', 20, '{{last_payment_date}}のお支払いを確かに確認いたしました。ありがとうございます。'),
('en', 'payment_received', 10, 'Thank you for your recent payment — we''ve received it.'),
('en', 'payment_received', 20, 'I can confirm we received your payment on {{last_payment_date}}. Thank you.');
