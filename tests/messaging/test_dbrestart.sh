# The database goes away while a message is in flight: Kannel's smsbox is
# stopped (SIGSTOP) so that the sender's request hangs, PostgreSQL stops
# under dun serve, smsbox goes on (SIGCONT) and accepts the message while
# the database is away (dun serve waits without spinning), PostgreSQL
# starts again. The sender keeps the outcome, reconnects, takes its lock
# again without marking its own message failed, and records it sent: one
# message at the phone, no retry, nothing failed.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_dbrestart
R=+12125550901
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
RESTART-1,Rosa Restart,USD,90.00,en,America/New_York,$R,true,demo,2026-10-01
RESTART-2,Rob Later,USD,91.00,en,America/New_York,+12125550902,true,demo,2026-10-01
RESTART-3,Ray Later,USD,92.00,en,America/New_York,+12125550903,true,demo,2026-10-01
RESTART-4,Rita Screen,USD,93.00,en,America/New_York,+12125550904,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc="(SELECT id FROM dun.accounts WHERE ref = 'RESTART-1')"
smsbox=$(cat "$KANNEL_DIR/smsbox.pid")
resume() { kill -CONT "$smsbox" 2>/dev/null; }
# Whatever happens, the next test file finds smsbox running and PostgreSQL up.
pg_up() { pg_ctlcluster "$PGVERSION" regress status >/dev/null 2>&1 || pg_ctlcluster "$PGVERSION" regress start; }
trap 'resume; pg_up; cleanup' EXIT

# One at a time, and more waiting behind it: a sender that wanted to claim
# the next one while the database is away would spin.
check "dun serve starts" start_serve DUN_SMS_CONNECTIONS=1
check "smsbox is stopped: requests to it hang" kill -STOP "$smsbox"
expect_rc 0 "dun send queues an SMS" env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send RESTART-1 --channel sms
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $acc" sending "the sender has it in flight"
for k in 2 3; do
    env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send "RESTART-$k" --channel sms >/dev/null || not_ok "RESTART-$k queued"
done
check "PostgreSQL stops under dun serve" pg_ctlcluster "$PGVERSION" regress stop -m fast
check "smsbox goes on: the send ends while the database is away" resume
# CPU time dun serve spends in 3 s of waiting (clock ticks, usually 100 a
# second): a loop that spins on the finished send would use all of it.
cpu() { awk '{ print $14 + $15 }' "/proc/$SERVE_PID/stat"; }
c0=$(cpu); sleep 3; c1=$(cpu)
check "meanwhile dun serve waits, it does not spin ($((c1 - c0)) ticks in 3 s)" [ $((c1 - c0)) -lt 100 ]
check "PostgreSQL starts again" pg_ctlcluster "$PGVERSION" regress start
wait_sql 20 "SELECT (state IN ('sent', 'delivered')) || ' ' || attempts FROM dun.outbox WHERE account_id = $acc" "true 1" \
    "the outcome kept over the restart is recorded: sent (or delivered), on the first attempt"
check "dun serve says it reconnected" grep -q "database connection restored" "$TMP/serve.log"
equal "$(sql "SELECT count(*) FROM dun.outbox_events e JOIN dun.outbox o ON o.id = e.outbox_id WHERE o.account_id = $acc AND e.state = 'failed'")" 0 \
    "it was never marked failed by the sender's own recovery"
sleep 1
equal "$(phone_count "$R")" 1 "the phone got it exactly once"
check "it claims nothing for a while, so workstations can take back what they held" \
    grep -q "claiming again in 10 s" "$TMP/serve.log"
wait_sql 25 "SELECT count(*) FROM dun.outbox WHERE state IN ('sent', 'delivered') AND attempts = 1" 3 \
    "the two behind it go after the restart, each on its first attempt"
stop_serve

# --- the same under a demo TUI that sends by itself -----------------------------
# Its send ends while the database is away: the TUI waits for it without
# spinning, keeps the outcome, and records it once the database is back.
# (A TUI that sends runs as the system: an agent's role sends nothing.)
export DUN_TUI_SENDER=true
AS_SYSTEM=1 start_tui
check "the TUI (the sender now) opens" wait_for "RESTART-4"
check "smsbox is stopped again" kill -STOP "$smsbox"
check "RESTART-4 opens" open_account RESTART-4
keys s
acc4="(SELECT id FROM dun.accounts WHERE ref = 'RESTART-4')"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $acc4" sending "the TUI has it in flight"
check "PostgreSQL stops under the TUI" pg_ctlcluster "$PGVERSION" regress stop -m fast
check "smsbox goes on" resume
tui=$(dun_pid)
tcpu() { awk '{ print $14 + $15 }' "/proc/$tui/stat"; }
c0=$(tcpu); sleep 3; c1=$(tcpu)
check "the TUI waits, it does not spin ($((c1 - c0)) ticks in 3 s)" [ $((c1 - c0)) -lt 100 ]
check "PostgreSQL starts again" pg_ctlcluster "$PGVERSION" regress start
check "the TUI reconnects" wait_for "database connection restored" 15
wait_sql 15 "SELECT (state IN ('sent', 'delivered')) || ' ' || attempts FROM dun.outbox WHERE account_id = $acc4" "true 1" \
    "its outcome is recorded: sent, on the first attempt"
equal "$(phone_count +12125550904)" 1 "the phone got it once"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
msg_finish
