# When things go wrong: a number the gateway refuses (permanent 4xx) fails
# at once and is not retried; dun serve killed with SIGKILL in the middle of
# a batch sends nothing twice and leaves no message unfinished (the one in
# Kannel's hands at the kill is unknown, "may have been delivered"); the gateway
# down when a message is released: it goes out exactly once when Kannel is
# back. Every message is queued by the agent's s key in the TUI.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_fail
BAD=+99912345678 DOWN=+12125550201
{
    echo "ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date"
    echo "BAD-1,Refused Number,USD,80.00,en,America/New_York,$BAD,true,demo,2026-10-01"
    echo "DOWN-1,Gateway Down,USD,90.00,en,America/New_York,$DOWN,true,demo,2026-10-01"
    k=1
    while [ $k -le 20 ]; do
        n=$(printf %02d $k)
        echo "KILL-$n,Batch Debtor $n,USD,1$n.00,en,America/New_York,+121255503$n,true,demo,2026-10-01"
        k=$((k + 1))
    done
} >"$TMP/acc.csv"
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
batch="account_id IN (SELECT id FROM dun.accounts WHERE ref LIKE 'KILL-%')"

check "dun serve starts" start_serve || msg_finish
start_tui
check "the queue opens" wait_for "BAD-1"

# --- a permanent 4xx -------------------------------------------------------------
check "s on BAD-1 queues a message" send_sms BAD-1
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc BAD-1)" failed "a number Kannel refuses (400) fails"
check "the error says why" sh -c "psql -X -qAt -c \"SELECT last_error FROM dun.outbox WHERE account_id = $(acc BAD-1)\" | grep -q 400"
equal "$(sql "SELECT c.outcome FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $(acc BAD-1)")" \
    failed "the contact row's outcome follows: failed"
check "BAD-1 opens" open_account BAD-1
check "the agent sees it FAILED on the history, with why first" wait_for "sms FAILED (Kannel answered 400"
keys q; wait_for "PSEL" >/dev/null

# --- SIGKILL in the middle of a batch ---------------------------------------------
# The sender is stopped while the agent queues 20 messages, so that they are
# all due together. This sender sends one at a time (DUN_SMS_CONNECTIONS=1)
# so that the kill falls at a known message. A row lock on the 8th message's
# contact row (FOR NO KEY UPDATE, so foreign-key checks pass; the sender
# updates that row right after Kannel accepted the message) holds the sender
# there: the 9th, claimed a batch ahead, started as the 8th finished, before
# its answer was recorded (the overlap of sending and recording); 9 messages
# have reached Kannel, the 8th and the 9th are in sending, and the 11 after
# them are still queued: a sender claims what it can start plus one batch
# ahead. That is when dun serve gets SIGKILL. Delivery reports go nowhere while this sender
# runs, so that this test is about the kill alone: reports racing the sender
# are test_dlr_race.sh's subject.
stop_serve
k=1; queued=0
while [ $k -le 20 ]; do
    send_sms "KILL-$(printf %02d $k)" && queued=$((queued + 1))
    k=$((k + 1))
done
equal "$queued" 20 "the agent queued 20 messages with s"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE $batch AND state = 'queued'")" 20 "20 rows wait in the outbox"
equal "$(sql "SELECT attempts FROM dun.outbox WHERE account_id = $(acc BAD-1)")" 1 "the refused message was not retried"
sleep 2 # past the last undo window
eighth=$(sql "SELECT contact_id FROM dun.outbox WHERE $batch ORDER BY next_attempt_at, id OFFSET 7 LIMIT 1")
start_locker eighth "SELECT 1 FROM dun.contacts WHERE id = $eighth FOR NO KEY UPDATE"
poll 5 locker_holds eighth
check "dun serve starts on the batch" start_serve DUN_PUBLIC_URL=http://127.0.0.1:9 DUN_SMS_CONNECTIONS=1
check "the sender is mid-batch (held after the 8th message)" poll 10 serve_blocked_by eighth 1
ninth=$(sql "SELECT a.ref FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id WHERE $batch
             ORDER BY o.next_attempt_at, o.id OFFSET 8 LIMIT 1")
check "the 9th, claimed ahead, went out while the 8th's answer waited to be recorded" \
    poll 5 phone_has "+121255503${ninth#KILL-}"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE $batch AND state = 'sending'")" 2 \
    "2 messages are in sending (the 8th and the 9th)"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE $batch AND state = 'queued'")" 11 \
    "the 11 after them are still queued, never claimed"
stop_serve KILL
equal "$SERVE_RC" 137 "dun serve is killed with SIGKILL"
end_locker eighth
check "the killed sender's sessions end" poll 10 sql_is "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dun-serve-$$'" 0
check "dun serve starts again" start_serve
final="SELECT count(*) FROM dun.outbox WHERE $batch AND state IN ('sent', 'delivered', 'failed', 'unknown')"
wait_sql 10 "$final" 20 "every message of the batch ends in a final state, or unknown"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE $batch AND state = 'unknown' AND last_error LIKE 'the sender stopped after handing it to the provider%'")" 2 \
    "the two left in sending are unknown, not retried (they may have arrived: at most once)"
check "the restart says so in its log" grep -q "2 message(s) a stopped sender had handed to the provider marked unknown" "$TMP/serve.log"
sleep 1 # any late sends would show now
k=1; twice=""; missing=""; got=0
while [ $k -le 20 ]; do
    n=$(printf %02d $k)
    c=$(phone_count "+121255503$n")
    got=$((got + c))
    [ "$c" -gt 1 ] && twice="$twice KILL-$n"
    st=$(sql "SELECT state FROM dun.outbox WHERE account_id = $(acc "KILL-$n")")
    case $st in sent|delivered) [ "$c" -eq 1 ] || missing="$missing KILL-$n($st,$c)" ;; esac
    k=$((k + 1))
done
equal "$twice" "" "the phone got no message twice"
equal "$missing" "" "every message marked sent reached the phone exactly once"
equal "$got" 20 "the phone got the 9 messages handed to Kannel before the kill and the 11 sent after the restart"
equal "$(phone_count "+121255503$(sql "SELECT substr(a.ref, 6) FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id WHERE o.contact_id = $eighth")")" 1 \
    "the 8th, marked unknown, reached the phone once, before the kill"
echo "# batch: $(sql "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) AS n FROM dun.outbox WHERE $batch GROUP BY state ORDER BY state) s")"

# --- the gateway down ------------------------------------------------------------
check "Kannel stops" sh tests/servers/kannel.sh stop "$KANNEL_DIR"
check "s on DOWN-1 queues a message" send_sms DOWN-1
wait_sql 5 "SELECT state || ' ' || attempts FROM dun.outbox WHERE account_id = $(acc DOWN-1)" "queued 1" \
    "with the gateway down the message goes back to queued after one attempt"
check "the error is recorded" sh -c "[ -n \"\$(psql -X -qAt -c \"SELECT last_error FROM dun.outbox WHERE account_id = $(acc DOWN-1)\")\" ]"
equal "$(sql "SELECT next_attempt_at - updated_at >= interval '29 seconds' FROM dun.outbox WHERE account_id = $(acc DOWN-1)")" t \
    "the retry waits (backoff of 30 s)"
check "Kannel starts again" sh tests/servers/kannel.sh start "$KANNEL_DIR"
# Let the backoff pass: the sender restarts 35 s later on dun's clock.
stop_serve
CLOCK_BASE=$((CLOCK_BASE + 35))
check "dun serve starts after the backoff" start_serve
wait_sql 10 "SELECT state || ' ' || attempts FROM dun.outbox WHERE account_id = $(acc DOWN-1)" "delivered 2" \
    "after Kannel is back the message is delivered, on the second attempt"
sleep 1
equal "$(phone_count "$DOWN")" 1 "the phone got it exactly once"
phone_got "$DOWN" >"$TMP/down.got"
sql "SELECT body FROM dun.outbox WHERE account_id = $(acc DOWN-1)" >"$TMP/down.want"
check "intact" cmp -s "$TMP/down.got" "$TMP/down.want"
equal "$(phone_count "$BAD")" 0 "the refused number never reached the phone"
equal "$(sql "SELECT attempts || ' ' || state FROM dun.outbox WHERE account_id = $(acc BAD-1)")" "1 failed" \
    "and it is still failed after one attempt"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE state IN ('queued', 'sending')")" 0 "nothing is left unfinished"
keys q
wait_dead >/dev/null
stop_serve
msg_finish
