-- 007: the shipped message templates, in Japanese and English, for SMS and
-- email.
--
-- Templates are data: supervisors edit them in SQL and dun picks them up on
-- the next load. core/template.h lists the merge fields ({{name}},
-- {{amount_due}}, {{due_date}}, {{promise_amount}}, {{promise_date}},
-- {{agent}}, {{company}}, {{phone}}, {{payment_link}}, {{opt_out}}, ...);
-- a message with a field that has no value is refused, never sent with a
-- blank. The chooser (template_recommend) prefers the debtor's language and
-- segment, then segment '' (any), then English. A variant for a segment is
-- one more row, e.g.
--
--   INSERT INTO dun.templates (channel, name, purpose, language, segment, tone, body)
--   VALUES ('sms', 'pre_due_sms_card', 'pre_due', 'ja', 'card', 'neutral', '...');
--
-- To retire a template, set active = false rather than deleting it.
--
-- House rules for every text here:
--   - say who is writing ({{company}}) first; kind and professional, never
--     threaten, never shame, never mention legal steps;
--   - allow for a payment already on its way ("if you have already paid");
--   - no shortened links: {{payment_link}} is the company's own page; the
--     first notice carries no link at all, and neither does any Japanese
--     SMS (links in SMS read as smishing there, and a long URL would push
--     the text past 2 UCS-2 parts): the Japanese email carries it;
--   - every SMS and email carries {{opt_out}} (the US policy refuses a
--     message without the opt-out instruction), except the opt-out
--     confirmation, which answers it;
--   - SMS: Japanese within 2 UCS-2 parts (134 characters), English within
--     2 GSM-7 parts (306) once merged with realistic values, and English
--     SMS use only GSM characters (no curly quotes, dashes or €).

INSERT INTO dun.templates (channel, name, purpose, language, tone, subject, body) VALUES

-- ---- SMS, Japanese ----------------------------------------------------------
('sms', 'first_notice_sms', 'first_notice', 'ja', 'soft', '',
 '{{company}}です。{{name}}様、{{due_date}}期日のお支払い{{amount_due}}の確認が取れておりません。行き違いの際はご容赦ください。お問合せ: {{phone}} {{opt_out}}'),
('sms', 'pre_due_sms', 'pre_due', 'ja', 'neutral', '',
 '{{company}}です。{{name}}様、{{due_date}}に{{amount_due}}のお引き落としを予定しております。前日までに口座残高のご確認をお願いいたします。お問合せ: {{phone}} {{opt_out}}'),
('sms', 'promise_confirmation_sms', 'promise_confirmation', 'ja', 'neutral', '',
 '{{company}}です。{{name}}様、{{promise_date}}までに{{promise_amount}}のお支払いのお約束、承りました。ありがとうございます。お問合せ: {{phone}} {{opt_out}}'),
('sms', 'payment_thanks_sms', 'payment_thanks', 'ja', 'soft', '',
 '{{company}}です。{{name}}様、お支払いを確認いたしました。ご対応いただき誠にありがとうございました。お問合せ: {{phone}} {{opt_out}}'),
('sms', 'broken_promise_sms', 'broken_promise', 'ja', 'soft', '',
 '{{company}}です。{{name}}様、{{promise_date}}にお約束の{{promise_amount}}のお支払いが確認できておりません。行き違いの際はご容赦ください。ご相談は{{phone}}まで。{{opt_out}}'),
('sms', 'opt_out_confirmation_sms', 'opt_out_confirmation', 'ja', 'neutral', '',
 '{{company}}です。SMSの配信停止を承りました。今後SMSをお送りすることはありません。お問合せ: {{phone}}'),

-- ---- SMS, English -----------------------------------------------------------
('sms', 'first_notice_sms', 'first_notice', 'en', 'soft', '',
 '{{company}}: Hello {{name}}, we have not yet received your payment of {{amount_due}} that was due on {{due_date}}. If you have already paid, please disregard this message. Questions: {{phone}}. {{opt_out}}'),
('sms', 'pre_due_sms', 'pre_due', 'en', 'neutral', '',
 '{{company}}: Hello {{name}}, a reminder that {{amount_due}} is scheduled to be debited from your account on {{due_date}}. Please make sure the funds are available. Questions: {{phone}}. {{opt_out}}'),
('sms', 'promise_confirmation_sms', 'promise_confirmation', 'en', 'neutral', '',
 '{{company}}: Thank you, {{name}}. This confirms your arrangement to pay {{promise_amount}} by {{promise_date}}. You can pay at {{payment_link}} Questions: {{phone}}. {{opt_out}}'),
('sms', 'payment_thanks_sms', 'payment_thanks', 'en', 'soft', '',
 '{{company}}: Thank you, {{name}}. We have received your payment and appreciate it. Questions: {{phone}}. {{opt_out}}'),
('sms', 'broken_promise_sms', 'broken_promise', 'en', 'soft', '',
 '{{company}}: Hello {{name}}, we have not yet seen the payment of {{promise_amount}} planned for {{promise_date}}. If it is on its way, thank you. If plans have changed, call us at {{phone}} and we will find a date that works. {{opt_out}}'),
('sms', 'opt_out_confirmation_sms', 'opt_out_confirmation', 'en', 'neutral', '',
 '{{company}}: You have been unsubscribed and will receive no more text messages from us. Questions: {{phone}}'),

-- ---- email, Japanese --------------------------------------------------------
('email', 'first_notice_email', 'first_notice', 'ja', 'soft',
 '【{{company}}】お支払い状況のご確認',
 '{{name}}様

いつもお世話になっております。{{company}}でございます。

{{due_date}}期日のお支払い{{amount_due}}につきまして、現時点で当社にて確認が取れておりません。
すでにお手続きいただいている場合は、行き違いとなりますことをご容赦ください。

ご事情によりお支払いが難しい場合も、どうぞお気軽にご相談ください。

お問合せ: {{phone}}

{{company}}
担当: {{agent}}

{{opt_out}}'),
('email', 'pre_due_email', 'pre_due', 'ja', 'neutral',
 '【{{company}}】{{due_date}}お引き落としのご案内',
 '{{name}}様

いつもお世話になっております。{{company}}でございます。

{{due_date}}に{{amount_due}}のお引き落としを予定しております。
前日までに、ご指定口座のご残高をご確認いただきますようお願いいたします。

ご不明な点がございましたら、お気軽にお問合せください。

お問合せ: {{phone}}

{{company}}
担当: {{agent}}

{{opt_out}}'),
('email', 'promise_confirmation_email', 'promise_confirmation', 'ja', 'neutral',
 '【{{company}}】お支払いのお約束の確認',
 '{{name}}様

先ほどはお時間をいただき、ありがとうございました。{{company}}の{{agent}}でございます。

お話しいただいた内容を、次のとおり承りました。

  お支払い日: {{promise_date}}まで
  お支払い額: {{promise_amount}}

お支払いは次のページからも承っております。
{{payment_link}}

ご都合が変わった場合は、お早めにご連絡いただけますと幸いです。

お問合せ: {{phone}}

{{company}}
担当: {{agent}}

{{opt_out}}'),
('email', 'payment_thanks_email', 'payment_thanks', 'ja', 'soft',
 '【{{company}}】お支払いの確認のお知らせ',
 '{{name}}様

いつもお世話になっております。{{company}}でございます。

お支払いを確認いたしました。ご対応いただき、誠にありがとうございました。

ご不明な点がございましたら、お気軽にお問合せください。

お問合せ: {{phone}}

{{company}}
担当: {{agent}}

{{opt_out}}'),
('email', 'broken_promise_email', 'broken_promise', 'ja', 'soft',
 '【{{company}}】お支払いのご確認',
 '{{name}}様

いつもお世話になっております。{{company}}でございます。

{{promise_date}}にお約束いただいた{{promise_amount}}のお支払いが、現時点で確認できておりません。
すでにお手続きいただいている場合は、行き違いとなりますことをご容赦ください。

ご都合が変わられた場合も、改めてご相談させていただければ幸いです。
お支払いは次のページからも承っております。
{{payment_link}}

お問合せ: {{phone}}

{{company}}
担当: {{agent}}

{{opt_out}}'),

-- ---- email, English ---------------------------------------------------------
('email', 'first_notice_email', 'first_notice', 'en', 'soft',
 '{{company}}: a note about your payment',
 'Dear {{name}},

This is {{company}}. Our records show that your payment of {{amount_due}}, due on {{due_date}}, has not yet been received.

If you have already made this payment, thank you, and please disregard this message.

If something has made paying difficult right now, please let us know. We are glad to talk through the options with you.

Questions: {{phone}}

Kind regards,
{{agent}}
{{company}}

{{opt_out}}'),
('email', 'pre_due_email', 'pre_due', 'en', 'neutral',
 '{{company}}: upcoming payment on {{due_date}}',
 'Dear {{name}},

This is a friendly reminder from {{company}} that {{amount_due}} is scheduled to be debited from your account on {{due_date}}.

Please make sure the funds are available the day before. If anything has changed, just let us know.

Questions: {{phone}}

Kind regards,
{{agent}}
{{company}}

{{opt_out}}'),
('email', 'promise_confirmation_email', 'promise_confirmation', 'en', 'neutral',
 '{{company}}: confirming your payment arrangement',
 'Dear {{name}},

Thank you for speaking with us today. This email confirms the arrangement we agreed:

  Amount: {{promise_amount}}
  Pay by: {{promise_date}}

You can pay online at {{payment_link}}

If your plans change, please contact us before that date and we will work it out together.

Questions: {{phone}}

Kind regards,
{{agent}}
{{company}}

{{opt_out}}'),
('email', 'payment_thanks_email', 'payment_thanks', 'en', 'soft',
 '{{company}}: thank you for your payment',
 'Dear {{name}},

We have received your payment. Thank you for taking care of it.

If you have any questions, we are happy to help.

Questions: {{phone}}

Kind regards,
{{agent}}
{{company}}

{{opt_out}}'),
('email', 'broken_promise_email', 'broken_promise', 'en', 'soft',
 '{{company}}: checking in about your payment',
 'Dear {{name}},

We had planned on a payment of {{promise_amount}} by {{promise_date}}, and we have not yet seen it.

If it is already on its way, thank you, and please disregard this message. If your plans have changed, that is all right: please call us and we will find a date that works for you.

You can also pay online at {{payment_link}}

Questions: {{phone}}

Kind regards,
{{agent}}
{{company}}

{{opt_out}}');
