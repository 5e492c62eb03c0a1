-- 027: the seeded reminders carry the self-service link (issue 12: "short,
-- friendly, name the company, and carry the link"). {{link}} is the
-- message's own page on `dun serve` (025; public_url in dun.conf). Each
-- seeded text of 024 is replaced only where it is still as seeded: a
-- template an operator has edited is theirs, and stays.
-- The Japanese SMS stay within two UCS-2 parts (134 characters) with an
-- average name and amount and a public_url of up to about 40 characters;
-- the formal ones send the debtor to the page (which has the phone number)
-- rather than carrying both. The English SMS take two GSM-7 parts.
UPDATE dun.templates SET body = v.new
  FROM (VALUES
    ('sms', 'remind_casual', 'ja',
     '{{company}}です。{{name}}様、{{due_date}}は{{amount_due}}のお支払日です。いつもありがとうございます。{{opt_out}}',
     '{{company}}です。{{name}}様、{{due_date}}は{{amount_due}}のお支払日です。ご確認はこちら {{link}} {{opt_out}}'),
    ('sms', 'remind_formal', 'ja',
     '{{company}}でございます。{{name}}様、{{due_date}}にお支払い{{amount_due}}の期日を迎えます。ご確認をお願い申し上げます。お問合せ: {{phone}} {{opt_out}}',
     '{{company}}でございます。{{name}}様、{{due_date}}は{{amount_due}}のお支払期日です。{{link}} {{opt_out}}'),
    ('sms', 'remind_casual', 'en',
     '{{company}}: Hi {{name}}, just a heads-up that {{amount_due}} is due on {{due_date}}. Thanks! {{opt_out}}',
     '{{company}}: Hi {{name}}, just a heads-up that {{amount_due}} is due on {{due_date}}. Details: {{link}} Thanks! {{opt_out}}'),
    ('sms', 'remind_formal', 'en',
     '{{company}}: Dear {{name}}, this is a reminder that your payment of {{amount_due}} is due on {{due_date}}. Questions: {{phone}}. {{opt_out}}',
     '{{company}}: Dear {{name}}, your payment of {{amount_due}} is due on {{due_date}}. Details and how to pay: {{link}} {{opt_out}}'),
    ('email', 'remind_casual', 'ja',
     E'{{name}}様\n\n{{company}}です。{{due_date}}は{{amount_due}}のお支払日です。\nいつもありがとうございます。\n\n{{opt_out}}',
     E'{{name}}様\n\n{{company}}です。{{due_date}}は{{amount_due}}のお支払日です。\nご確認・お支払方法: {{link}}\nいつもありがとうございます。\n\n{{opt_out}}'),
    ('email', 'remind_formal', 'ja',
     E'{{name}}様\n\n{{company}}でございます。\n{{due_date}}にお支払い{{amount_due}}の期日を迎えますので、ご案内申し上げます。\nすでにお手続きがお済みの場合は、何卒ご容赦ください。\n\nお問合せ: {{phone}}\n\n{{opt_out}}',
     E'{{name}}様\n\n{{company}}でございます。\n{{due_date}}にお支払い{{amount_due}}の期日を迎えますので、ご案内申し上げます。\nご確認・お支払方法: {{link}}\nすでにお手続きがお済みの場合は、何卒ご容赦ください。\n\nお問合せ: {{phone}}\n\n{{opt_out}}'),
    ('email', 'remind_casual', 'en',
     E'Hi {{name}},\n\nJust a friendly heads-up from {{company}}: {{amount_due}} is due on {{due_date}}.\n\nThanks!\n\n{{opt_out}}',
     E'Hi {{name}},\n\nJust a friendly heads-up from {{company}}: {{amount_due}} is due on {{due_date}}.\nDetails and how to pay: {{link}}\n\nThanks!\n\n{{opt_out}}'),
    ('email', 'remind_formal', 'en',
     E'Dear {{name}},\n\nThis is a reminder from {{company}} that your payment of {{amount_due}} is due on {{due_date}}.\nIf you have already paid, thank you, and please disregard this message.\n\nQuestions: {{phone}}\n\n{{opt_out}}',
     E'Dear {{name}},\n\nThis is a reminder from {{company}} that your payment of {{amount_due}} is due on {{due_date}}.\nDetails and how to pay: {{link}}\nIf you have already paid, thank you, and please disregard this message.\n\nQuestions: {{phone}}\n\n{{opt_out}}')
  ) AS v(channel, name, language, old, new)
 WHERE templates.channel = v.channel AND templates.name = v.name AND templates.language = v.language
   AND templates.body = v.old;
