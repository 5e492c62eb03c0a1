# Form fields take their documented maximum (issue 10, item 14): a note of
# 400 Japanese characters is saved whole (it was cut at 1,023 bytes, 341
# characters, without a word); at 4,000 characters the note says, beside
# the field, that what was typed past it was not added; compose holds the
# largest template the store accepts (2,047 bytes) and sends all of it.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_forms
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'America/New_York')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
FORM-1,Fran Forms,USD,80.00,en,America/New_York,+12125551301,fran@example.com,true,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
company_conf
# The largest email body dun.templates takes: 2,047 bytes, ending in a marker.
body=$(/usr/bin/python3 -c "
head = 'Dear {{name}},\n'
tail = '\nEND-OF-BODY {{opt_out}}'
print(head + 'x' * (2047 - len(head) - len(tail)) + tail, end='')")
equal "$(printf '%s' "$body" | wc -c)" 2047 "the template body is 2,047 bytes"
sql "INSERT INTO dun.templates (channel, name, purpose, language, tone, subject, body)
     VALUES ('email', 'long_notice_email', 'first_notice', 'en', 'neutral', 'A long notice', \$body\$$body\$body\$)" >/dev/null
notes() { sql "SELECT coalesce(string_agg(length(body)::text, ' ' ORDER BY id), '') FROM dun.notes"; }
ja400=$(/usr/bin/python3 -c "print('支払' * 200, end='')")

start_dun 140 40 DUN_NOW=2026-11-20T10:00:00-05:00 DUN_UNDO_SECONDS=30 DUN_TUI_SENDER=false \
    XDG_CONFIG_HOME="'$XDG_CONFIG_HOME'" -- --agent demo
check "the queue opens" wait_for "FORM-1"
check "FORM-1 opens" open_account FORM-1

# --- a note of 400 Japanese characters (1,200 bytes) ---------------------------------
keys n
check "n opens the note form" wait_for "Ctrl-D save"
typed "$ja400"
sleep 0.5
keys C-d
check "the note is saved" wait_for "note saved"
equal "$(notes)" 400 "all 400 characters are stored, none cut"

# --- at the limit: said beside the field, nothing silently dropped -------------------------
keys n
check "the note form opens again" wait_for "Ctrl-D save"
/usr/bin/python3 -c "print('a' * 3990, end='')" >"$TMP/a3990"
typed "$(cat "$TMP/a3990")"
typed "0123456789ABCDE"
check "past 4,000 characters the form says so beside the field" \
    wait_for "at most 4,000 characters: what you typed past that was not added" 30
keys BSpace
check "Backspace makes room: the message goes" wait_gone "what you typed past that was not added"
typed "Z"
check "at exactly 4,000 the field says it is full" wait_for "4,000 characters: the most this field takes"
keys C-d
check "the note is saved" wait_for "note saved"
equal "$(notes)" "400 4000" "with its 4,000 characters"
equal "$(sql "SELECT right(body, 2) FROM dun.notes ORDER BY id DESC LIMIT 1")" "8Z" "the last ones as typed"

# --- compose holds the largest template ---------------------------------------------------
keys E
check "E opens compose" wait_for "Compose"
keys C-u; typed "long_notice_email"
check "the long template loads" wait_for "Dear Fran Forms"
keys C-d
check "it is queued" wait_for "Sending in"
equal "$(sql "SELECT template FROM dun.outbox")" long_notice_email "the outbox has it"
check "its body is whole, to its last line" sh -c "psql -X -qAt -c 'SELECT body FROM dun.outbox' | grep -q 'END-OF-BODY'"
keys u; wait_gone "Sending in" >/dev/null
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
