# A delivery report can come back before the sender has recorded the send:
# Kannel's fake SMSC answers within milliseconds, and with messages in flight
# side by side this happens by itself often. Here it is made to happen every
# time, with two SMS (K and M):
#  - a SHARE lock on dun.outbox_events holds the sender's claim of K and M
#    (the claim records a "sending" event);
#  - a SHARE lock on dun.outbox (it lets the report's SELECT ... FOR UPDATE
#    through, but no UPDATE) queues behind the claim's transaction;
#  - the first lock goes: the claim commits, the table lock is granted, the
#    sender hands K and M to Kannel and waits for the table lock to record
#    them, while K's delivery report takes K's row and waits too; then the
#    table lock goes.
# Wanted: K ends delivered (the report is the later truth), the sender
# records its send and goes on, M is delivered, nothing is left in sending.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_race
K=+12125550601 M=+12125550602
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
RACE-K,Kim Report,USD,70.00,en,America/New_York,$K,,true,false,demo,2026-10-01
RACE-M,Max Later,USD,75.00,en,America/New_York,$M,,true,false,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
state() { sql "SELECT state FROM dun.outbox WHERE account_id = $(acc "$1")"; }

start_tui
check "the queue opens" wait_for "RACE-K"
check "s on RACE-K queues an SMS" send_sms RACE-K
check "s on RACE-M queues an SMS" send_sms RACE-M
equal "$(sql "SELECT string_agg(a.ref, ' ' ORDER BY o.next_attempt_at, o.id) FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id")" \
    "RACE-K RACE-M" "they will go out in that order"
sleep 2 # past the undo windows: one claim

start_locker events "LOCK TABLE dun.outbox_events IN SHARE MODE"
poll 5 locker_holds events
check "dun serve starts" start_serve || msg_finish
check "the sender's claim is held" poll 10 serve_blocked_by events 1
start_locker table "LOCK TABLE dun.outbox IN SHARE MODE"
check "the table lock waits behind the claim" poll 5 locker_waits table
end_locker events
check "the table lock is taken once the claim commits" poll 5 locker_holds table
# Both of dun serve's sessions wait: the sender to record its sends, the
# HTTP thread with a delivery report that already holds its message's row.
serve_waiting() { sql_is "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dun-serve-$$' AND wait_event_type = 'Lock'" 2; }
check "the sender (recording) and a delivery report both wait" poll 10 serve_waiting
equal "$(phone_count "$K")" 1 "K has reached the phone"
equal "$(state RACE-K)" sending "K is still in sending"
end_locker table

wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc RACE-K)" delivered "K ends delivered"
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc RACE-M)" delivered "the batch goes on: M is delivered"
equal "$(phone_count "$M")" 1 "M reached the phone"
equal "$(sql "SELECT provider || ' ' || (sent_at IS NOT NULL) FROM dun.outbox WHERE account_id = $(acc RACE-K)")" "kannel true" \
    "K's send is recorded (provider, sent time)"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE state IN ('queued', 'sending')")" 0 "nothing is left in sending"
equal "$(grep ' sender: ' "$TMP/serve.log" | grep -vc 'handled')" 0 "the sender logged no error"
keys q
wait_dead >/dev/null
stop_serve
msg_finish
