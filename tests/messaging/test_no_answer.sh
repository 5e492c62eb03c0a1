# A gateway that takes the request and never answers (issue 10, item 3).
# Kannel's bearerbox is stopped (SIGSTOP): smsbox takes dun's sendsms
# request and waits for bearerbox, so no answer comes before dun's 10 s
# timeout. dun cannot know whether Kannel has the message, so it is UNKNOWN
# ("may have been delivered"): it counts as sent and is never sent again.
# When bearerbox wakes (SIGCONT) it passes the message on and the phone
# gets it once. Before: the message was retried and the phone got it
# twice. (A gateway that refuses the connection, where nothing was handed
# over, is still retried: test_failures.sh, "the gateway down".)
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_no_answer
P=+819012340201
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
HUSH-1,無言 一郎,JPY,50000,ja,Asia/Tokyo,$P,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
state() { sql "SELECT state || ' ' || attempts FROM dun.outbox WHERE account_id = (SELECT id FROM dun.accounts WHERE ref = 'HUSH-1')"; }
bearerbox=$(cat "$KANNEL_DIR/bearerbox.pid")

expect_rc 0 "an SMS to HUSH-1 is queued" env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send HUSH-1 --channel sms
check "Kannel's bearerbox stops (SIGSTOP): smsbox takes the request and waits for it" kill -STOP "$bearerbox"
check "dun serve starts" start_serve DUN_PUBLIC_URL=http://127.0.0.1:9
wait_sql 20 "SELECT state FROM dun.outbox WHERE account_id = (SELECT id FROM dun.accounts WHERE ref = 'HUSH-1')" unknown \
    "after the timeout the message is unknown: Kannel had the request"
check "bearerbox wakes (SIGCONT)" kill -CONT "$bearerbox"
check "and the phone gets the message" poll 10 phone_has "$P"
# Past any backoff: a retry would have gone by now.
stop_serve
CLOCK_BASE=$((CLOCK_BASE + 600))
check "dun serve starts 10 minutes later" start_serve DUN_PUBLIC_URL=http://127.0.0.1:9
sleep 2
equal "$(phone_count "$P")" 1 "the phone got it once: the unknown message is not sent again"
equal "$(state)" "unknown 1" "it stays unknown after one attempt"
check "the reason says it may have been delivered" sh -c \
    "psql -X -qAt -c \"SELECT last_error FROM dun.outbox\" | grep -q 'may have been delivered'"
expect_rc 3 "it counts as sent: the SMS interval blocks another text" \
    env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send HUSH-1 --channel sms
# A failure report that comes later makes it failed, but it did leave: it
# is not on the review list as "not sent", and it cannot be sent again.
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -G "http://127.0.0.1:$SERVE_PORT/dlr" \
    --data-urlencode "id=$(sql "SELECT id FROM dun.outbox")" --data-urlencode "key=$(sql "SELECT report_key FROM dun.outbox")" \
    --data-urlencode type=16)
equal "$code" 200 "a late failure report is answered"
equal "$(sql "SELECT state || ' ' || (sent_at IS NOT NULL) FROM dun.outbox")" "failed true" \
    "it makes the message failed, and keeps when it left"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE state = 'failed' AND sent_at IS NULL")" 0 \
    "so it is not one that never left (the review list's NOT SENT, which s sends again)"
stop_serve
msg_finish
