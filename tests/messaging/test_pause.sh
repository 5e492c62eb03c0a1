# A gateway that refuses dun's credentials: the SMS channel pauses instead of
# failing every message. The message goes back to the queue untried, the
# pause is on record (dun.provider_status) and every agent's status line
# says so; dun serve restarted with the right password sends it at once,
# exactly once, and the pause ends everywhere. Email keeps flowing meanwhile.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_pause
P=+12125550701
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
PAUSE-1,Paula Held,USD,80.00,en,America/New_York,$P,paula@example.com,true,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc="(SELECT id FROM dun.accounts WHERE ref = 'PAUSE-1')"
row() { sql "SELECT $1 FROM dun.outbox WHERE account_id = $acc AND channel = '$2'"; }

check "dun serve starts with a wrong Kannel password" start_serve DUN_KANNEL_PASSWORD=wrong-password
start_tui
check "the queue opens" wait_for "PAUSE-1"
check "s on PAUSE-1 queues an SMS" send_sms PAUSE-1
wait_sql 10 "SELECT count(*) FROM dun.provider_status WHERE channel = 'sms' AND provider = 'kannel' AND reason LIKE '%403%'" 1 \
    "the refusal pauses the SMS channel, on record with Kannel's answer"
equal "$(row "state || ' ' || attempts" sms)" "queued 0" "the message is back in the queue, untried"
contains_sql() { sql "$1" | grep -q "$2"; }
check "its history says why it waits" contains_sql "SELECT last_error FROM dun.outbox WHERE account_id = $acc" "held: Kannel answered 403"
check "the agent's status line says messages are held" wait_for "messages held: sms via kannel paused" 5
check "dun serve logs the pause" grep -q "sms via kannel paused for 300 s" "$TMP/serve.log"
check "the password is in no log" sh -c "! grep -q wrong-password '$TMP/serve.log'"
sleep 2
equal "$(row "state || ' ' || attempts" sms)" "queued 0" "while paused, the message is not tried again"
equal "$(phone_count "$P")" 0 "nothing reached the phone"

# Email is another provider: it keeps going.
check "e on PAUSE-1 queues an email" send_sms PAUSE-1 e
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $acc AND channel = 'email'" sent "email is sent meanwhile"

# The operator mends the password and restarts dun serve.
stop_serve
check "dun serve starts with the right password" start_serve
wait_sql 10 "SELECT state || ' ' || attempts FROM dun.outbox WHERE account_id = $acc AND channel = 'sms'" "delivered 1" \
    "the held message is delivered at once, on its first attempt"
equal "$(sql "SELECT count(*) FROM dun.provider_status")" 0 "the pause is over"
[ "$FAILED" -gt 0 ] && sql "SELECT o.id, o.state, o.attempts, o.next_attempt_at, o.release_at, e.state, e.detail, e.at FROM dun.outbox o JOIN dun.outbox_events e ON e.outbox_id = o.id ORDER BY e.id" | sed 's/^/#   /'

check "every agent's status line says so" wait_for "messages are going out again" 5
sleep 1
equal "$(phone_count "$P")" 1 "the phone got it exactly once"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_serve
msg_finish
