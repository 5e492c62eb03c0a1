# PostgreSQL restarts under a running dun serve. The webhook thread's
# connection does not know yet: the first statement of the next request finds
# it closed. Kannel does not resend a /mo, so a STOP answered 500 is an
# opt-out lost. Wanted: each webhook (/mo, /dlr, /unsubscribe) reconnects and
# runs its transaction once more before answering, and answers 200 with the
# change recorded, once. Each webhook is tried after its own restart, posted
# as Kannel (or a mail client) would. Last, a COMMIT whose answer is lost
# (a proxy drops it after the server has committed): the STOP is recorded
# once, answered 200, and its confirmation is queued.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_webhook_restart
S=+12125550951 D=+12125550952 C=+12125550953 MAIL=una.unsub@example.com
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
HOOK-STOP,Stella Stop,USD,80.00,en,America/New_York,$S,,true,false,demo,2026-10-01
HOOK-DLR,Dale Report,USD,81.00,en,America/New_York,$D,,true,false,demo,2026-10-01
HOOK-MAIL,Una Unsub,USD,82.00,en,America/New_York,,$MAIL,false,true,demo,2026-10-01
HOOK-CUT,Curt Cut,USD,83.00,en,America/New_York,$C,,true,false,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
pg_up() { pg_ctlcluster "$PGVERSION" regress status >/dev/null 2>&1 || pg_ctlcluster "$PGVERSION" regress start; }
PROXY_PID=
stop_proxy() { [ -z "$PROXY_PID" ] || { kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; PROXY_PID=; }; }
trap 'pg_up; stop_proxy; cleanup' EXIT

# A sent SMS waiting for its delivery report, and an email with its
# unsubscribe key: queued with a long undo window so that the sender leaves
# them alone; the SMS is then marked sent, as the sender would have.
expect_rc 0 "an SMS to HOOK-DLR is queued" env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send HOOK-DLR --channel sms --undo 300
expect_rc 0 "an email to HOOK-MAIL is queued" env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send HOOK-MAIL --channel email --undo 300
sql "UPDATE dun.outbox SET state = 'sent', sent_at = now() WHERE account_id = $(acc HOOK-DLR)" >/dev/null
dlr_id=$(sql "SELECT id FROM dun.outbox WHERE account_id = $(acc HOOK-DLR)")
dlr_key=$(sql "SELECT report_key FROM dun.outbox WHERE id = $dlr_id")
key=$(sql "SELECT unsubscribe_key FROM dun.outbox WHERE account_id = $(acc HOOK-MAIL)")

check "dun serve starts" start_serve || msg_finish
hook="http://127.0.0.1:$SERVE_PORT"
# restart_pg: the webhook connection works (a report "accepted by the SMSC"
# is recorded through it), then PostgreSQL stops and starts under it.
warm() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 -G "$hook/dlr" --data-urlencode "key=$dlr_key" \
        --data-urlencode "id=$dlr_id" --data-urlencode type=8 | grep -qx 200
}
restart_pg() {
    warm || { echo "    | the webhook did not answer before the restart"; return 1; }
    pg_ctlcluster "$PGVERSION" regress stop -m fast && pg_ctlcluster "$PGVERSION" regress start
}
sender_restored() { [ "$(grep -c 'database connection restored' "$TMP/serve.log")" -ge "$1" ]; }

# --- /mo: after the sender has noticed and reconnected ----------------------------
check "PostgreSQL restarts" restart_pg
check "dun serve's sender says the connection is restored" poll 15 sender_restored 1
code=$(curl -s -o "$TMP/mo.out" -w '%{http_code}' --max-time 10 -G "$hook/mo" --data-urlencode "token=$DUN_TOKEN" \
    --data-urlencode "from=$S" --data-urlencode to=5555 --data-urlencode text=STOP)
equal "$code" 200 "a STOP to /mo right after is answered 200 ($(cat "$TMP/mo.out"))"
equal "$(sql "SELECT sms_opt_out FROM dun.accounts WHERE ref = 'HOOK-STOP'")" t "HOOK-STOP is opted out of SMS"
equal "$(sql "SELECT count(*) FROM dun.inbound WHERE sender = '$S'")" 1 "the STOP is recorded once"
check "the log says the webhook reconnected and tried again" grep -q '/mo: .*reconnected' "$TMP/serve.log"
wait_sql 10 "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc HOOK-STOP) AND template = 'opt_out_confirmation_sms'" 1 \
    "the opt-out confirmation is queued"

# --- /dlr: at once, before anything has noticed ----------------------------------
check "PostgreSQL restarts again" restart_pg
code=$(curl -s -o "$TMP/dlr.out" -w '%{http_code}' --max-time 10 -G "$hook/dlr" --data-urlencode "key=$dlr_key" \
    --data-urlencode "id=$dlr_id" --data-urlencode type=1)
equal "$code" 200 "a delivery report right after is answered 200 ($(cat "$TMP/dlr.out"))"
equal "$(sql "SELECT state FROM dun.outbox WHERE id = $dlr_id")" delivered "the message is delivered"
equal "$(sql "SELECT count(*) FROM dun.outbox_events WHERE outbox_id = $dlr_id AND state = 'delivered'")" 1 \
    "the delivery is recorded once"

# --- /unsubscribe: the mail client's one-click POST ----------------------------------
check "PostgreSQL restarts a third time" restart_pg
code=$(curl -s -o "$TMP/unsub.out" -w '%{http_code}' --max-time 10 -d 'List-Unsubscribe=One-Click' \
    "$hook/unsubscribe?key=$key")
equal "$code" 200 "a one-click unsubscribe right after is answered 200"
equal "$(sql "SELECT email_opt_out FROM dun.accounts WHERE ref = 'HOOK-MAIL'")" t "HOOK-MAIL is opted out of email"
equal "$(sql "SELECT count(*) FROM dun.flag_changes WHERE account_id = $(acc HOOK-MAIL) AND flag = 'email_opt_out'")" 1 \
    "the opt-out is recorded once"

# --- while the database is down, the answer still says so --------------------------
check "PostgreSQL stops" pg_ctlcluster "$PGVERSION" regress stop -m fast
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 -G "$hook/mo" --data-urlencode "token=$DUN_TOKEN" \
    --data-urlencode "from=$D" --data-urlencode to=5555 --data-urlencode text=hello)
check "a /mo while it is down is not answered 200 (got $code)" [ "$code" -ge 500 ]
check "PostgreSQL starts again" pg_ctlcluster "$PGVERSION" regress start
stop_serve
equal "$SERVE_RC" 0 "dun serve stops cleanly"

# --- COMMIT's answer lost -----------------------------------------------------------
# dun serve connects through the proxy; armed with "dun.inbound", the proxy
# cuts the webhook connection right after the STOP's COMMIT has gone through.
PROXY_PORT=$($PY tests/channels/free_ports.py 1)
$PY tests/messaging/cutproxy.py "$PROXY_PORT" "$PGHOST" "$PGPORT" "$TMP/arm" "$TMP/proxy.log" >"$TMP/proxy.out" 2>&1 &
PROXY_PID=$!
remember_pid "$PROXY_PID"
proxy_ready() { grep -q ready "$TMP/proxy.out"; }
check "the proxy starts" poll 5 proxy_ready
check "dun serve starts behind the proxy" start_serve PGHOST=127.0.0.1 PGPORT="$PROXY_PORT"
echo dun.inbound >"$TMP/arm"
code=$(curl -s -o "$TMP/cut.out" -w '%{http_code}' --max-time 15 -G "$hook/mo" --data-urlencode "token=$DUN_TOKEN" \
    --data-urlencode "from=$C" --data-urlencode to=5555 --data-urlencode text=STOP)
check "the proxy dropped the answer to the STOP's COMMIT" grep -q 'cut after COMMIT' "$TMP/proxy.log"
equal "$code" 200 "the STOP is answered 200 all the same ($(cat "$TMP/cut.out"))"
equal "$(sql "SELECT count(*) FROM dun.inbound WHERE sender = '$C'")" 1 "the STOP is recorded once, not twice"
equal "$(sql "SELECT sms_opt_out FROM dun.accounts WHERE ref = 'HOOK-CUT'")" t "HOOK-CUT is opted out of SMS"
wait_sql 10 "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc HOOK-CUT) AND template = 'opt_out_confirmation_sms'" 1 \
    "its opt-out confirmation is queued"
stop_serve
stop_proxy
msg_finish
