# SMS end to end: the agent presses s on the account screen (TUI under tmux),
# sees the undo countdown, dun serve sends through Kannel, the phone gets the
# text intact (English, and Japanese as UCS-2), the delivery report makes it
# DELIVERED in the outbox, on the contact row and on the agent's screen.
# Replies come back through the MO SMSC to dun.inbound; STOP / 停止 set the
# SMS opt-out and send one confirmation, the seeded template's text in the
# debtor's language; s is then refused. A STOP at 22:00 in Tokyo is
# confirmed at 08:00, not dropped; without company_phone the confirmation is
# the opt_out_reply text.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_sms
EN=+12125550101 JA=+819012340001
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
SMS-EN,John Smith,USD,120.50,en,America/New_York,$EN,true,demo,2026-10-01
SMS-JA,山田 太郎,JPY,50000,ja,Asia/Tokyo,$JA,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
outbox() { sql "SELECT $2 FROM dun.outbox WHERE account_id = $(acc "$1") AND template <> 'opt_out_confirmation_sms' ORDER BY id LIMIT 1"; }

check "dun serve starts" start_serve || msg_finish
start_tui
check "the queue opens" wait_for "SMS-EN"

# --- the agent's view: s, the countdown, DELIVERED on the history ----------------
check "SMS-EN opens" open_account SMS-EN
keys s
check "s shows the undo countdown" wait_for "Sending in"
screen >"$TMP/s1"
contains "$TMP/s1" "John Smith" "the countdown shows the rendered text"
check "when the window closes the message is released" wait_for "released: the message is on its way" 5
check "the history shows the message as DELIVERED" wait_for "sms DELIVERED to $EN" 10
check "the countdown is gone" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'Sending in'"

# --- what went out, and its states -----------------------------------------------
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc SMS-EN)" delivered "the outbox row is delivered"
equal "$(sql "SELECT c.outcome FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $(acc SMS-EN)")" \
    delivered "the contact row's outcome follows: delivered"
# Kannel reports "accepted by the SMSC" (8) and "delivered" (1) in either
# order, and "delivered" may even beat Kannel's answer to the sender (then
# there is no 'sent' step): compare the steps that are always there.
wait_sql 3 "SELECT string_agg(state, ',' ORDER BY id) FILTER (WHERE state IN ('queued', 'sending', 'delivered')) || ' +' || count(*) FILTER (WHERE state = 'report')
            FROM dun.outbox_events WHERE outbox_id = (SELECT id FROM dun.outbox WHERE account_id = $(acc SMS-EN))" \
    "queued,sending,delivered +1" "events: queued, sending, delivered, and the SMSC's acceptance report"
equal "$(outbox SMS-EN "provider || ' ' || attempts || ' ' || (sent_at IS NOT NULL) || ' ' || (final_at IS NOT NULL)")" \
    "kannel 1 true true" "sent once through kannel, with sent and final times"
poll 3 phone_has "$EN"
equal "$(phone_count "$EN")" 1 "the phone got exactly one message"
phone_got "$EN" >"$TMP/en.got"
outbox SMS-EN body >"$TMP/en.want"
check "the English text arrived intact" cmp -s "$TMP/en.got" "$TMP/en.want"
contains "$TMP/en.got" "Dun Test Finance: Hello John Smith," "it names the company and the debtor"
contains "$TMP/en.got" "Reply STOP to opt out" "and carries the opt-out instruction"

keys q
check "back to the queue" wait_for "PSEL"
check "SMS-JA opens" open_account SMS-JA
keys s
check "s on the Japanese account shows the countdown" wait_for "Sending in"
check "its history shows DELIVERED" wait_for "sms DELIVERED to $JA" 10
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc SMS-JA)" delivered "the Japanese message is delivered"
equal "$(sql "SELECT c.outcome FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $(acc SMS-JA)")" \
    delivered "and its contact row says so"
poll 3 phone_has "$JA"
equal "$(phone_count "$JA")" 1 "the Japanese phone got exactly one message"
phone_got "$JA" >"$TMP/ja.got"
outbox SMS-JA body >"$TMP/ja.want"
check "the Japanese text arrived intact (UCS-2, both parts)" cmp -s "$TMP/ja.got" "$TMP/ja.want"
contains "$TMP/ja.got" "ダン債権回収です。山田 太郎様" "in Japanese, with the company and the debtor"
contains "$TMP/ja.got" "配信停止は「停止」と返信" "and the Japanese opt-out instruction"
keys q; wait_for "PSEL" >/dev/null

# --- replies ---------------------------------------------------------------------
check "a reply goes in through the MO SMSC" inject_sms "$EN" "I paid today, thanks"
equal "$(sql "SELECT count(*) FROM dun.inbound WHERE account_id = $(acc SMS-EN)")" 1 "it reaches dun.inbound for its account"
equal "$(sql "SELECT sender || '|' || body || '|' || opt_out FROM dun.inbound WHERE account_id = $(acc SMS-EN)")" \
    "$EN|I paid today, thanks|false" "with its sender and text, not an opt-out"
equal "$(sql "SELECT sms_opt_out FROM dun.accounts WHERE ref = 'SMS-EN'")" f "an ordinary reply does not opt out"
inject_sms "$JA" "明日払います"
wait_sql 1 "SELECT body FROM dun.inbound WHERE account_id = $(acc SMS-JA)" "明日払います" "a Japanese reply arrives as UTF-8"

inject_sms "$EN" "STOP"
wait_sql 1 "SELECT sms_opt_out FROM dun.accounts WHERE ref = 'SMS-EN'" t "STOP sets sms_opt_out"
equal "$(sql "SELECT opt_out FROM dun.inbound WHERE account_id = $(acc SMS-EN) AND body = 'STOP'")" t \
    "the reply is marked as an opt-out"
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc SMS-EN) AND template = 'opt_out_confirmation_sms'" \
    delivered "one confirmation is queued and delivered"
poll 3 phone_has "$EN" 2
equal "$(phone_count "$EN")" 2 "the phone got the confirmation"
phone_got "$EN" | tail -1 >"$TMP/en.conf"
sql "SELECT body FROM dun.outbox WHERE account_id = $(acc SMS-EN) AND template = 'opt_out_confirmation_sms'" >"$TMP/en.conf.want"
check "the confirmation arrived intact" cmp -s "$TMP/en.conf" "$TMP/en.conf.want"
# seeded LANG COMPANY: the seeded confirmation template merged with dun.conf's values
seeded() {
    sql "SELECT replace(replace(body, '{{company}}', '$2'), '{{phone}}', '0120-123-456') FROM dun.templates
          WHERE name = 'opt_out_confirmation_sms' AND language = '$1'"
}
equal "$(cat "$TMP/en.conf")" "$(seeded en 'Dun Test Finance')" "the confirmation is the seeded English template's text"
contains "$TMP/en.conf" "Dun Test Finance: You have been unsubscribed" "which names the company"

inject_sms "$JA" "停止"
wait_sql 1 "SELECT sms_opt_out FROM dun.accounts WHERE ref = 'SMS-JA'" t "停止 sets sms_opt_out"
wait_sql 4 "SELECT count(*) || ' ' || min(state) FROM dun.outbox WHERE account_id = $(acc SMS-JA) AND template = 'opt_out_confirmation_sms'" \
    "1 delivered" "one confirmation to the Japanese debtor is queued and delivered"
poll 2 phone_has "$JA" 2
equal "$(phone_count "$JA")" 2 "the Japanese phone got the confirmation"
phone_got "$JA" | tail -1 >"$TMP/ja.conf"
equal "$(cat "$TMP/ja.conf")" "$(seeded ja 'ダン債権回収')" "the Japanese confirmation is the seeded Japanese template's text"
contains "$TMP/ja.conf" "ダン債権回収です。SMSの配信停止を承りました。" "in Japanese, with the company"
if [ "$(phone_count "$JA")" -lt 2 ]; then
    grep "$JA" "$TMP/serve.log" | grep -i 'not queued' | sed 's/^/    | /'
fi

# A second STOP (people repeat themselves) must not send a second confirmation.
inject_sms "$EN" "stop"
wait_sql 1 "SELECT count(*) FROM dun.inbound WHERE account_id = $(acc SMS-EN) AND opt_out" 2 "a repeated STOP is recorded"
sleep 1.5
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc SMS-EN) AND template = 'opt_out_confirmation_sms'")" 1 \
    "a repeated STOP queues no second confirmation"
equal "$(phone_count "$EN")" 2 "and the phone gets nothing more"

# --- s after the opt-out ---------------------------------------------------------
check "SMS-EN opens again" open_account SMS-EN
keys s
check "s is refused after STOP: the opt-out" wait_for "sms not allowed: the debtor opted out of SMS"
check "no countdown" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'Sending in'"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc SMS-EN) AND template <> 'opt_out_confirmation_sms'")" 1 "nothing new is queued"
keys q; wait_for "PSEL" >/dev/null
check "SMS-JA opens again" open_account SMS-JA
keys s
check "s is refused after 停止 too" wait_for "sms not allowed: the debtor opted out of SMS"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_serve
equal "$SERVE_RC" 0 "dun serve stops cleanly on TERM"

# --- STOP in quiet hours: the confirmation waits for 08:00, it is not dropped ---------
NIGHT=+819012340002
printf '%s\n' "ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date" \
    "SMS-NIGHT,夜川 次郎,JPY,30000,ja,Asia/Tokyo,$NIGHT,true,demo,2026-10-01" >"$TMP/night.csv"
"$DUN" import accounts "$TMP/night.csv" >/dev/null || not_ok "the night account imported"
# set_clock ISO: the simulated clock reads ISO now
set_clock() { CLOCK_BASE=$(($(date -u -d "$1" +%s) - ($(date +%s) - CLOCK_REAL0))); }
set_clock 2026-11-20T13:00:00Z # 22:00 in Tokyo
check "dun serve starts at 22:00 Tokyo time" start_serve || msg_finish
check "停止 arrives at 22:00" inject_sms "$NIGHT" "停止"
wait_sql 1 "SELECT sms_opt_out FROM dun.accounts WHERE ref = 'SMS-NIGHT'" t "it sets sms_opt_out"
night="FROM dun.outbox WHERE account_id = $(acc SMS-NIGHT) AND template = 'opt_out_confirmation_sms'"
wait_sql 3 "SELECT count(*) || ' ' || min(state) || ' ' || min(to_char(release_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI')) $night" \
    "1 queued 2026-11-21 08:00" "its confirmation is queued for 08:00 JST the next morning"
equal "$(sql "SELECT body $night")" "$(seeded ja 'ダン債権回収')" "from the seeded Japanese template"
check "dun serve logs when it will go" \
    grep -q "opt-out confirmation to +81\*\*\*\*\*\*0002 queued as message [0-9]*, goes at 2026-11-20T23:00:00Z (waits" "$TMP/serve.log"
check "dun serve's log carries no whole phone number" sh -c "! grep -q '$NIGHT' '$TMP/serve.log'"
sleep 1.5
equal "$(phone_count "$NIGHT")" 0 "nothing is sent during quiet hours"
stop_serve
set_clock 2026-11-20T23:00:01Z # 08:00 in Tokyo
check "dun serve starts at 08:00 Tokyo time" start_serve || msg_finish
wait_sql 10 "SELECT state $night" delivered "the confirmation goes at 08:00, although the debtor has opted out"
poll 3 phone_has "$NIGHT"
equal "$(phone_got "$NIGHT")" "$(seeded ja 'ダン債権回収')" "the phone got it"

# --- the template cannot be rendered: the opt_out_reply text goes instead --------------
stop_serve
FALLBACK=+12125550102
printf '%s\n' "ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date" \
    "SMS-FB,Fallback Debtor,USD,50.00,en,America/New_York,$FALLBACK,true,demo,2026-10-01" >"$TMP/fb.csv"
"$DUN" import accounts "$TMP/fb.csv" >/dev/null || not_ok "the fallback account imported"
mkdir -p "$TMP/nophone/dun"
printf 'company = Dun Test Finance\nopt_out_reply = Unsubscribed: no more texts from Dun Test Finance.\n' \
    >"$TMP/nophone/dun/dun.conf"
check "dun serve starts with a dun.conf without company_phone" start_serve XDG_CONFIG_HOME="$TMP/nophone"
check "STOP arrives" inject_sms "$FALLBACK" "STOP"
wait_sql 5 "SELECT state || ' ' || body FROM dun.outbox WHERE account_id = $(acc SMS-FB) AND template = 'opt_out_confirmation_sms'" \
    "delivered Unsubscribed: no more texts from Dun Test Finance." "the confirmation falls back to the opt_out_reply text"
check "and the log says why" grep -q "template opt_out_confirmation_sms not used ({{phone}} has no value" "$TMP/serve.log"
stop_serve
msg_finish
