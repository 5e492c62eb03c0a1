# Message templates as a file: `dun templates export` and `dun import
# templates` (supervisors only). The export imports back without a change
# (Japanese and multi-line bodies intact, a second export byte-identical);
# an edited body is what `dun send` renders; a bad row is named by line and
# nothing is written unless --partial; a template without an opt-out
# instruction is imported with a warning and refused for a US account; an
# agent is refused; a broken CSV record is named.
. tests/lib.sh
fresh_db templates
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, role) VALUES ('lead', 'Team Lead', 'supervisor'),
     ('boss', 'Admin', 'admin'), ('sato', 'Sato', 'agent')" >/dev/null

# dun send renders with these (a real database must configure them) and
# queues into the spool provider; it never delivers here.
export DUN_SPOOL_DIR="$TMP/spool" DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool
company_conf
# 09:30 in Tokyo, 19:30 in New York: both inside the contact windows.
export DUN_NOW=2026-11-20T00:30:00Z
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,oldest_unpaid_due_date
TPL-EN,John Smith,USD,120.50,en,America/New_York,+12125550901,true,2026-10-01
TPL-JA,山田 花子,JPY,50000,ja,Asia/Tokyo,+819012340901,true,2026-10-01
TPL-JA2,山田 次郎,JPY,30000,ja,Asia/Tokyo,+819012340902,true,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"

# Everything about every template, to compare states (updated_at included:
# an import that changes nothing does not touch it).
state() { sql "SELECT id, channel, name, language, purpose, segment, tone, active, subject, body, updated_at
                 FROM dun.templates ORDER BY id"; }
ntemplates() { sql "SELECT count(*) FROM dun.templates"; }
supervisor() { "$DUN" --agent lead "$@"; }
body_of() { sql "SELECT body FROM dun.templates WHERE channel = '$1' AND name = '$2' AND language = '$3'"; }

# --- export ---------------------------------------------------------------------
expect_rc 0 "an agent may export the templates to stdout" "$DUN" --agent sato templates export
cp "$TMP/out" "$TMP/stdout.csv"
expect_rc 0 "dun templates export FILE writes the file" "$DUN" templates export "$TMP/t1.csv"
contains "$TMP/out" "$TMP/t1.csv: exported 30 template(s)" "and says how many"
check "the file is what stdout had" cmp -s "$TMP/stdout.csv" "$TMP/t1.csv"
equal "$(head -1 "$TMP/t1.csv")" "channel,name,language,purpose,segment,tone,active,subject,body" "the header names the columns"
equal "$(sed -n 2p "$TMP/t1.csv" | cut -d, -f1-7)" "email,broken_promise_email,en,broken_promise,,soft,true" \
    "rows in channel, name, language order, the first email first"
equal "$(grep -c '^sms,' "$TMP/t1.csv")" 16 "sixteen SMS rows, each on one line"
python3 - "$TMP/t1.csv" >"$TMP/parsed" <<'PY' || not_ok "Python's csv module reads the export"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
body = {(r[0], r[1], r[2]): r[8] for r in rows[1:]}
print(len(rows) - 1, body[("email", "first_notice_email", "ja")].count("\n"))
PY
equal "$(cat "$TMP/parsed")" "30 $(sql "SELECT length(body) - length(replace(body, E'\n', '')) FROM dun.templates
    WHERE channel = 'email' AND name = 'first_notice_email' AND language = 'ja'")" \
    "another CSV reader gets 30 rows and the multi-line Japanese body with every line break"
expect_rc 2 "an unknown templates subcommand is a usage error" "$DUN" templates list
contains "$TMP/err" "usage: dun templates export [FILE.csv]" "it shows the usage"

# --- the round trip ----------------------------------------------------------------
state >"$TMP/state0"
expect_rc 0 "a supervisor imports the export back" supervisor import templates "$TMP/t1.csv"
contains "$TMP/out" "$TMP/t1.csv: imported 30 template(s): 0 new, 0 changed, 30 unchanged" "it says nothing changed"
state >"$TMP/state1"
check "the table is exactly as before (updated_at too)" cmp -s "$TMP/state0" "$TMP/state1"
equal "$(sql "SELECT count(*) FROM dun.template_history")" 38 "the history holds the 30 seeded versions, the 8 reminders given their link (027), and nothing more"
"$DUN" templates export "$TMP/t2.csv" >/dev/null
check "a second export is byte-identical" cmp -s "$TMP/t1.csv" "$TMP/t2.csv"
expect_rc 0 "an admin may import too" "$DUN" --agent boss import templates "$TMP/t1.csv"

# --- an edited body is what dun send renders --------------------------------------------
python3 - "$TMP/t1.csv" "$TMP/edited.csv" <<'PY' || not_ok "the export edited as a spreadsheet would"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
for r in rows:
    if r[:3] == ["sms", "payment_thanks_sms", "en"]:
        r[8] = "{{company}}: Thank you, {{name}}, your payment has arrived. Much appreciated! {{opt_out}}"
    if r[:3] == ["sms", "payment_thanks_sms", "ja"]:
        r[8] = "{{company}}です。{{name}}様、お支払いを確かに頂戴しました。\r\n心より御礼申し上げます。{{opt_out}}"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\r\n").writerows(rows)
PY
seeded_max=$(sql "SELECT max(updated_at) FROM dun.templates")
expect_rc 0 "the edited file (CRLF, quoted as Python does) imports" supervisor import templates "$TMP/edited.csv"
contains "$TMP/out" "imported 30 template(s): 0 new, 2 changed, 28 unchanged" "two changed, the rest untouched"
equal "$(sql "SELECT count(*) FROM dun.templates WHERE updated_at > '$seeded_max'")" 2 \
    "only the two edited rows have a new updated_at"
equal "$(sql "SELECT count(*) FROM dun.template_history h JOIN dun.agents a ON a.id = h.changed_by WHERE a.login = 'lead'")" 2 \
    "the history has the two new versions, each by the supervisor who imported them"
equal "$(sql "SELECT count(*) FROM dun.template_history WHERE name = 'payment_thanks_sms' AND language = 'en'")" 2 \
    "payment_thanks_sms (en) has two versions"
equal "$(sql "SELECT body LIKE '%Much appreciated!%' FROM dun.template_history WHERE name = 'payment_thanks_sms' AND language = 'en' ORDER BY id LIMIT 1")" f \
    "the first is the seeded text, kept"
# Thanks go only after a payment (a template must not say something false).
sql "INSERT INTO dun.payments (account_id, payment_id, amount_minor, currency, paid_at)
     SELECT id, 'P-' || ref, 1000, currency, '2026-11-19T00:00:00Z' FROM dun.accounts WHERE ref IN ('TPL-EN', 'TPL-JA', 'TPL-JA2')" >/dev/null
expect_rc 0 "dun send --template payment_thanks_sms --json" "$DUN" send TPL-EN --channel sms --template payment_thanks_sms --json
python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["body"])' "$TMP/out" >"$TMP/en.body"
contains "$TMP/en.body" "Dun Test Finance: Thank you, John Smith, your payment has arrived. Much appreciated! Reply STOP" \
    "the rendered SMS has the new text"
expect_rc 0 "the Japanese account gets its edited template" "$DUN" send TPL-JA --channel sms --template payment_thanks_sms --json
python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["body"])' "$TMP/out" >"$TMP/ja.body"
equal "$(head -1 "$TMP/ja.body")" "ダン債権回収です。山田 花子様、お支払いを確かに頂戴しました。" "the Japanese text, first line"
equal "$(sed -n 2p "$TMP/ja.body")" "心より御礼申し上げます。配信停止は「停止」と返信" "its second line: the line break is kept"
equal "$(sql "SELECT count(*) FROM dun.templates WHERE strpos(body, E'\r') > 0")" 0 "stored as LF, not the CRLF the file had"

# --- a bad row: named by line, nothing written ------------------------------------------------
f="$TMP/bad.csv"
cat >"$f" <<'CSV'
channel,name,language,purpose,tone,subject,body
sms,reminder_sms,en,first_notice,neutral,,"{{company}}: {{name}}, a reminder. {{opt_out}}"
sms,balance_sms,en,first_notice,neutral,,"{{company}}: {{name}}, you owe {{balanse}}. {{opt_out}}"
email,nosubject_email,en,first_notice,soft,,"Dear {{name}},

please call us. {{opt_out}}"
sms,confirm_sms,ja,opt_out_confirmation,neutral,,{{company}}です。配信停止を承りました。{{opt_out}}
sms,Bad-Name,xx,reminder,angry,,{{name}}
sms,reminder_sms,en,first_notice,soft,,"{{company}}: Twice, {{opt_out}}"
CSV
before=$(state)
expect_rc 1 "a file with a {{balanse}} row exits 1" supervisor import templates "$f"
contains "$TMP/err" "$f:3: body: {{balanse}} is not a merge field: use name, balance," "the unknown field, with its line"
contains "$TMP/err" "$f:4: subject: an email template needs a subject" "an email without a subject (record on line 4, body to 6)"
contains "$TMP/err" "$f:7: body: the opt-out confirmation answers STOP: it must not ask again with {{opt_out}}" \
    "an opt-out confirmation with {{opt_out}}"
contains "$TMP/err" "$f:8: name: \"Bad-Name\" is not a template name" "a bad name"
if grep -q "$f:8: language" "$TMP/err"; then not_ok "xx is a valid language code"; else ok "xx is a valid language code"; fi
contains "$TMP/err" "$f:8: purpose: \"reminder\" is not a purpose" "a bad purpose"
contains "$TMP/err" "$f:8: tone: \"angry\" is not a tone (soft, neutral or firm)" "a bad tone"
contains "$TMP/err" "$f:9: name: the sms template \"reminder_sms\" (en) is already on line 2" "a key twice in one file"
contains "$TMP/err" "$f: 5 of 6 rows have problems; nothing imported (fix them, or use --partial to import the 1 good rows)" \
    "it says nothing was imported"
equal "$(state)" "$before" "nothing was written"

expect_rc 1 "--partial writes the good rows and exits 1" supervisor import templates "$f" --partial
contains "$TMP/out" "imported 1 template(s): 1 new, 0 changed, 0 unchanged, rejected 5 row(s)" "and says so"
equal "$(ntemplates)" 31 "one template more"
equal "$(sql "SELECT purpose || ' ' || tone || ' ' || segment || '|' || active || ' ' || subject || '|' FROM dun.templates WHERE name = 'reminder_sms'")" \
    "first_notice neutral |true |" "the new row, with the defaults for the columns the file lacks"
equal "$(sql "SELECT count(*) FROM dun.templates WHERE name IN ('balance_sms', 'nosubject_email', 'confirm_sms') OR name ILIKE 'bad%'")" 0 \
    "no bad row was written"

# --- a new multi-line Japanese email, and a template without {{opt_out}} ------------------------------
# (a thank-you: a first notice or reminder without one is refused by the
# lint, tests/store/test_template_lint.sh)
cat >"$TMP/new.csv" <<'CSV'
channel,name,language,purpose,segment,tone,active,subject,body
email,card_pre_due_email,ja,pre_due,card,neutral,true,【{{company}}】カードお引き落としのご案内,"{{name}}様

{{due_date}}に{{amount_due}}をお引き落としいたします。
「ご確認ください」

{{company}}
{{opt_out}}"
sms,no_opt_out_sms,en,payment_thanks,,firm,true,,"{{company}}: Thank you, {{name}}. Questions: {{phone}}."
CSV
expect_rc 0 "a new multi-line email and an SMS without {{opt_out}} import" supervisor import templates "$TMP/new.csv"
contains "$TMP/out" "imported 2 template(s): 2 new, 0 changed, 0 unchanged" "two new"
contains "$TMP/err" "$TMP/new.csv:9: body: warning: no opt-out instruction ({{opt_out}}): this template will be refused for accounts under a policy that requires one (US)" \
    "the SMS without {{opt_out}} gets a warning naming the US policy"
if grep -q ":2: body: warning" "$TMP/err"; then not_ok "the email with {{opt_out}} gets no warning"; else ok "the email with {{opt_out}} gets no warning"; fi
equal "$(body_of email card_pre_due_email ja)" "$(printf '{{name}}様\n\n{{due_date}}に{{amount_due}}をお引き落としいたします。\n「ご確認ください」\n\n{{company}}\n{{opt_out}}')" \
    "the multi-line Japanese body is stored as written"
expect_rc 2 "the template without {{opt_out}} is refused for the US account, as warned" \
    "$DUN" send TPL-EN --channel sms --template no_opt_out_sms
contains "$TMP/err" "policy US needs an opt-out instruction in every sms: add {{opt_out}}" "saying why"
expect_rc 0 "and sent to the Japanese account, whose policy does not ask for one" \
    "$DUN" send TPL-JA2 --channel sms --template no_opt_out_sms
"$DUN" templates export "$TMP/t3.csv" >/dev/null
expect_rc 0 "the export with the new rows imports back" supervisor import templates "$TMP/t3.csv"
contains "$TMP/out" "imported 33 template(s): 0 new, 0 changed, 33 unchanged" "unchanged"
"$DUN" templates export "$TMP/t4.csv" >/dev/null
check "and exports byte-identical again" cmp -s "$TMP/t3.csv" "$TMP/t4.csv"
# A file with only some columns updates only those.
printf 'channel,name,language,purpose,active,body\nsms,no_opt_out_sms,en,payment_thanks,false,"Hi {{name}}, {{opt_out}}"\n' >"$TMP/narrow.csv"
expect_rc 0 "a narrower file imports" supervisor import templates "$TMP/narrow.csv"
contains "$TMP/out" "imported 1 template(s): 0 new, 1 changed, 0 unchanged" "one changed"
equal "$(sql "SELECT tone || ' ' || active || ' ' || body FROM dun.templates WHERE name = 'no_opt_out_sms'")" \
    "firm false Hi {{name}}, {{opt_out}}" "it sets active and body, and keeps the tone it does not have"
expect_rc 2 "an inactive template is not sent" "$DUN" send TPL-JA --channel sms --template no_opt_out_sms
contains "$TMP/err" "no sms template named \"no_opt_out_sms\"" "it is not offered any more"

# --- who may import -----------------------------------------------------------------------------
before=$(state)
expect_rc 2 "an agent with role agent is refused" "$DUN" --agent sato import templates "$TMP/edited.csv"
contains "$TMP/err" "importing templates is for supervisors and admins, and agent \"sato\" has the role agent: nothing imported" \
    "with a sentence saying why"
expect_rc 2 "no agent at all is refused (the database role is not an agent)" "$DUN" import templates "$TMP/edited.csv"
contains "$TMP/err" "say who you are with --agent LOGIN" "and says how to say who you are"
expect_rc 2 "an unknown login is refused" "$DUN" --agent nobody import templates "$TMP/edited.csv"
equal "$(state)" "$before" "none of them wrote anything"

# --- a broken CSV record -------------------------------------------------------------------------
printf 'channel,name,language,purpose,body\nsms,quote_sms,en,first_notice,"Hello {{name}}, {{opt_out}}\nsms,after_sms,en,first_notice,Later {{opt_out}}\n' >"$TMP/broken.csv"
expect_rc 1 "an unterminated quote exits 1" supervisor import templates "$TMP/broken.csv"
contains "$TMP/err" "$TMP/broken.csv:2: a quoted field is not closed before the end of the file" "it names the line the record starts on"
equal "$(state)" "$before" "and nothing is written"
printf 'channel,name,language,purpose,body,colour\nsms,x,en,first_notice,y,red\n' >"$TMP/header.csv"
expect_rc 1 "an unknown column stops the import" supervisor import templates "$TMP/header.csv" --partial
contains "$TMP/err" "$TMP/header.csv:1: colour: unknown column \"colour\"" "naming the column"
printf 'channel,name,language,body\nsms,x,en,y\n' >"$TMP/nopurpose.csv"
expect_rc 1 "a missing required column stops the import" supervisor import templates "$TMP/nopurpose.csv"
contains "$TMP/err" "$TMP/nopurpose.csv:1: purpose: required column missing from the header" "naming the column"
expect_rc 2 "a missing file exits 2" supervisor import templates "$TMP/nope.csv"
equal "$(state)" "$before" "none of these wrote anything"

finish
