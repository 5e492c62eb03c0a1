# The template lint on `dun import templates`: every seeded template passes
# (the export of a fresh database imports back unchanged); a reminder that
# threatens legal action is refused with its line and rule and nothing is
# imported, as is a first notice that names no sender, links elsewhere than
# the payment page or lacks the opt-out instruction the US policy requires;
# a thank-you is not held to it.
. tests/lib.sh
fresh_db template_lint
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, role) VALUES ('lead', 'Team Lead', 'supervisor')" >/dev/null
company_conf # company Dun Test Finance, payment_link https://pay.dun.example/
supervisor() { "$DUN" --agent lead "$@"; }
state() { sql "SELECT id, channel, name, language, purpose, tone, active, subject, body, updated_at
                 FROM dun.templates ORDER BY id"; }

# --- every seeded template passes ----------------------------------------------
"$DUN" templates export "$TMP/seeded.csv" >/dev/null || not_ok "export"
n=$(sql "SELECT count(*) FROM dun.templates")
before=$(state)
expect_rc 0 "the seeded templates, exported, import back through the lint" supervisor import templates "$TMP/seeded.csv"
contains "$TMP/out" "imported $n template(s): 0 new, 0 changed, $n unchanged" "every one of them passes"
if grep -q "rule " "$TMP/err"; then not_ok "no lint message for a seeded template"; else ok "no lint message for a seeded template"; fi
equal "$(state)" "$before" "and nothing changed"

# --- a threatening reminder is refused, with its line and rule ---------------------
f="$TMP/threat.csv"
cat >"$f" <<'CSV'
channel,name,language,purpose,tone,subject,body
sms,reminder_kind_sms,en,pre_due,soft,,"{{company}}: Hello {{name}}, {{amount_due}} is due on {{due_date}}. {{opt_out}}"
sms,reminder_threat_sms,en,pre_due,firm,,"{{company}}: Pay {{amount_due}} by {{due_date}} or we will take legal action. {{opt_out}}"
sms,reminder_threat_sms,ja,pre_due,firm,,{{company}}です。{{due_date}}までにお支払いがない場合、法的措置を取ります。{{opt_out}}
CSV
expect_rc 1 "a file with a threatening reminder exits 1" supervisor import templates "$f"
contains "$TMP/err" "$f:3: body: rule legal_threat: \"legal action\" threatens legal action, which a first notice or reminder must not do" \
    "the English threat, with its line and rule"
contains "$TMP/err" "$f:4: body: rule legal_threat: \"法的措置\" threatens legal action" "the Japanese one"
contains "$TMP/err" "$f: 2 of 3 rows have problems; nothing imported" "it says nothing was imported"
equal "$(state)" "$before" "nothing was written, not even the good row"
equal "$(sql "SELECT count(*) FROM dun.templates WHERE name LIKE 'reminder_%'")" 0 "no reminder row at all"

# --- the other rules ------------------------------------------------------------
f="$TMP/rules.csv"
cat >"$f" <<'CSV'
channel,name,language,purpose,tone,subject,body
sms,first_notice_anon_sms,en,first_notice,soft,,"Hello {{name}}, {{amount_due}} was due on {{due_date}}. {{opt_out}}"
sms,first_notice_link_sms,en,first_notice,soft,,"{{company}}: Hello {{name}}, pay at https://bit.ly/x1 {{opt_out}}"
email,first_notice_noopt_email,en,first_notice,soft,{{company}}: your payment,"Dear {{name}},
{{amount_due}} was due on {{due_date}}. Pay at https://pay.dun.example/a or call {{phone}}."
sms,payment_thanks_court_sms,en,payment_thanks,soft,,"{{company}}: Thank you, {{name}}, no need to go to court. {{opt_out}}"
CSV
expect_rc 1 "a file breaking the other rules exits 1" supervisor import templates "$f"
contains "$TMP/err" "$f:2: body: rule sender: a first notice or reminder says who is writing: put {{company}} in it or write the company name, Dun Test Finance" \
    "a first notice that names no sender"
contains "$TMP/err" "$f:3: body: rule link_domain: a link to bit.ly: links go only to pay.dun.example" \
    "a link to another domain"
contains "$TMP/err" "$f:4: body: rule opt_out: policy US requires an opt-out instruction" \
    "an email first notice without the opt-out instruction (the written link to the payment page is fine)"
if grep -q "$f:4: body: rule link_domain" "$TMP/err"; then not_ok "a link to pay.dun.example passes"; else ok "a link to pay.dun.example passes"; fi
if grep -q "$f:6:" "$TMP/err"; then not_ok "a thank-you is not linted"; else ok "a thank-you is not linted"; fi
contains "$TMP/err" "$f: 3 of 4 rows have problems; nothing imported" "three refused, nothing imported"
expect_rc 1 "--partial imports only the thank-you" supervisor import templates "$f" --partial
contains "$TMP/out" "imported 1 template(s): 1 new, 0 changed, 0 unchanged, rejected 3 row(s)" "one imported, three rejected"
equal "$(sql "SELECT string_agg(name, ',') FROM dun.templates WHERE name IN ('first_notice_anon_sms',
     'first_notice_link_sms', 'first_notice_noopt_email', 'payment_thanks_court_sms')")" \
    "payment_thanks_court_sms" "the refused rows are not in dun.templates"

finish
