# Helpers for the messaging tests; source after tests/lib.sh and
# tests/e2e/tmux.sh. tests/messaging/run has started Kannel (phone log in
# $KANNEL_DIR/phone.log, MO get-url pointing at 127.0.0.1:$SERVE_PORT/mo)
# and aiosmtpd (Maildir $SMTP_DIR/maildir) and exported their ports; each
# test file runs its own `dun serve` on $SERVE_PORT against its own database.
# Every process a test starts is recorded in $MSG_PIDS, so the runner can
# check that none is left behind. The helpers use globals (i, limit, pid,
# tries, send_rc, n0, q, before, data, ...): tests loop with k.

: "${KANNEL_DIR:?run me through tests/messaging/run}" "${SERVE_PORT:?}" "${DUN_TOKEN:?}"
PY=/usr/bin/python3
SERVE_PID=
LOCKERS=

# Delivery settings, for the TUI and dun serve alike.
export DUN_SMS_PROVIDER=kannel
export DUN_KANNEL_URL="http://127.0.0.1:$KANNEL_SENDSMS_PORT/cgi-bin/sendsms"
export DUN_KANNEL_USERNAME=dun DUN_KANNEL_PASSWORD=secret DUN_SMS_FROM=DunTest
export DUN_EMAIL_PROVIDER=smtp DUN_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" DUN_SMTP_STARTTLS=false
export DUN_EMAIL_FROM=collections@dun.example DUN_SMTP_HELO=dun.example
export DUN_SERVE_TOKEN="$DUN_TOKEN" DUN_SERVE_LISTEN="127.0.0.1:$SERVE_PORT"
# The undo window: 2 s, not 1, so the countdown is on the screen for at least
# a second (the TUI clock moves in whole seconds; 1 s can be gone at once).
export DUN_PUBLIC_URL="http://127.0.0.1:$SERVE_PORT" DUN_UNDO_SECONDS=2 DUN_TUI_SENDER=false
export DUN_SPOOL_DIR="$TMP/spool" XDG_CONFIG_HOME="$TMP/config"
# Merge fields a real database must configure.
mkdir -p "$XDG_CONFIG_HOME/dun"
cat >"$XDG_CONFIG_HOME/dun/dun.conf" <<'EOF'
company = Dun Test Finance
company_ja = ダン債権回収
company_phone = 0120-123-456
payment_link = https://pay.dun.example/
EOF
chmod 600 "$XDG_CONFIG_HOME/dun/dun.conf"

# One simulated clock for every dun process of a test file, so the TUI's
# undo window and the sender agree: DUN_NOW = CLOCK_BASE + real time elapsed.
# 09:30 in Tokyo is 19:30 the day before in New York: both outside quiet hours.
CLOCK_BASE=$(date -u -d 2026-11-20T00:30:00Z +%s)
CLOCK_REAL0=$(date +%s)
now_iso() { date -u -d "@$((CLOCK_BASE + $(date +%s) - CLOCK_REAL0))" +%Y-%m-%dT%H:%M:%S+00:00; }

remember_pid() { echo "$1" >>"$MSG_PIDS"; }

listening() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

# start_serve [VAR=VALUE...]: dun serve in the background (with those
# settings changed); true once /health answers.
start_serve() {
    i=0
    while listening "$SERVE_PORT"; do # the last one has just gone
        i=$((i + 1)); [ $i -gt 100 ] && { echo "    | port $SERVE_PORT still in use"; return 1; }
        sleep 0.05
    done
    echo "--- start $(date +%T.%N)" >>"$TMP/serve.log"
    env "$@" PGAPPNAME="dun-serve-$$" DUN_NOW="$(now_iso)" "$DUN" serve >>"$TMP/serve.log" 2>&1 &
    SERVE_PID=$!
    remember_pid "$SERVE_PID"
    i=0
    until curl -sf --max-time 1 "http://127.0.0.1:$SERVE_PORT/health" >/dev/null 2>&1; do
        i=$((i + 1))
        if [ $i -gt 100 ] || ! kill -0 "$SERVE_PID" 2>/dev/null; then
            echo "    | dun serve did not come up:"; tail -5 "$TMP/serve.log" | sed 's/^/    | /'
            kill -KILL "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; SERVE_PID=
            return 1
        fi
        sleep 0.05
    done
}

# stop_serve [SIGNAL]: TERM (or SIGNAL) and wait for the exit; KILL after 10 s.
stop_serve() {
    [ -n "$SERVE_PID" ] || return 0
    kill -"${1:-TERM}" "$SERVE_PID" 2>/dev/null
    i=0
    while kill -0 "$SERVE_PID" 2>/dev/null && [ "$(ps -o stat= -p "$SERVE_PID" | cut -c1)" != Z ]; do
        i=$((i + 1))
        [ $i -eq 200 ] && kill -KILL "$SERVE_PID" 2>/dev/null
        sleep 0.05
    done
    wait "$SERVE_PID" 2>/dev/null
    SERVE_RC=$?
    SERVE_PID=
}

# serve_backends: how many database sessions dun serve (alive or dead) still has
serve_backends() { sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dun-serve-$$'"; }

# sql_is "SELECT ..." VALUE: for poll
sql_is() { [ "$(sql "$1")" = "$2" ]; }

# wait_sql SECONDS "SELECT ..." VALUE DESCRIPTION: ok once the query gives VALUE
wait_sql() {
    if poll "$1" sql_is "$2" "$3"; then ok "$4"
    else not_ok "$4 (got \"$(sql "$2")\", wanted \"$3\")"; fi
}

# The simulated phone: what it got for NUMBER, decoded, one message a line.
phone_got() { $PY tests/messaging/phone.py "$KANNEL_DIR/phone.log" "$1"; }
phone_count() { phone_got "$1" | wc -l; }
phone_has() { [ "$(phone_count "$1")" -ge "${2:-1}" ]; }

# inject_sms FROM TEXT: a reply from a phone, through the MO SMSC (as UCS-2
# when it is not ASCII); true once dun.inbound has it. fakesmsc keeps running
# after its one message, so it is stopped once the message is in.
inbound_more() { [ "$(sql "$q")" -gt "$before" ]; }
inject_sms() {
    data=$($PY -c 'import sys, urllib.parse
t = sys.argv[1]
if t.isascii(): print("text " + t)
else: print("ucs2 " + urllib.parse.quote(t.encode("utf-16-be"), safe=""))' "$2")
    q="SELECT count(*) FROM dun.inbound WHERE sender = '$1'"
    before=$(sql "$q")
    timeout 5 /usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r "$KANNEL_INJECT_PORT" -m 1 "$1 5555 $data" \
        >>"$TMP/inject.log" 2>&1 &
    inject_pid=$!
    remember_pid "$inject_pid"
    poll 5 inbound_more; arrived=$?
    kill "$inject_pid" 2>/dev/null
    wait "$inject_pid" 2>/dev/null
    return $arrived
}

# The TUI: open an account from the queue.
# start_tui: the agent's TUI in a new tmux server (both recorded in MSG_PIDS)
has_dun_pid() { [ -n "$(dun_pid)" ]; }
start_tui() {
    start_dun 150 40 DUN_NOW="$(now_iso)" -- --agent demo
    remember_pid "$(tm display -p '#{pid}')"
    poll 5 has_dun_pid && remember_pid "$(dun_pid)"
}

# send_sms REF [KEY]: open REF, press s (or KEY), see the message in the
# outbox, back to the queue (also when something failed, so later keys do
# not land on it).
outbox_rows() { sql "SELECT count(*) FROM dun.outbox WHERE account_id = (SELECT id FROM dun.accounts WHERE ref = '$1')"; }
outbox_more() { [ "$(outbox_rows "$1")" -gt "$2" ]; }
send_sms() {
    n0=$(outbox_rows "$1")
    if open_account "$1"; then
        keys "${2:-s}"
        poll 5 outbox_more "$1" "$n0"; send_rc=$?
        keys q
    else
        send_rc=1
    fi
    tries=0
    until wait_for "PSEL" 1 >/dev/null; do
        tries=$((tries + 1)); [ $tries -gt 5 ] && return 1
        keys Escape q
    done
    return $send_rc
}

# Row and table locks held from a session of our own, to stop dun at a
# chosen point: start_locker NAME "SQL taking the lock" runs it in a
# transaction that then sleeps; end_locker NAME ends that session.
start_locker() {
    PGAPPNAME="dun-lock-$1-$$" psql -X -q -c "BEGIN; $2; SELECT pg_sleep(60); COMMIT" >/dev/null 2>&1 &
    eval "LOCKER_$1=\$!"
    LOCKERS="$LOCKERS $1"
    remember_pid "$!"
}
locker() { echo "(SELECT pid FROM pg_stat_activity WHERE application_name = 'dun-lock-$1-$$')"; }
# locker_holds NAME: its lock is taken (it sleeps)
locker_holds() { sql_is "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dun-lock-$1-$$' AND wait_event = 'PgSleep'" 1; }
# locker_waits NAME: it waits for its lock
locker_waits() { sql_is "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dun-lock-$1-$$' AND wait_event_type = 'Lock'" 1; }
# serve_blocked_by NAME N: N of dun serve's sessions wait for NAME's lock
serve_blocked_by() {
    sql_is "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dun-serve-$$' AND $(locker "$1") = ANY (pg_blocking_pids(pid))" "$2"
}
end_locker() {
    eval "pid=\${LOCKER_$1:-}"
    [ -n "$pid" ] || return 0
    sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dun-lock-$1-$$'" >/dev/null
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    eval "LOCKER_$1="
}

cleanup() {
    for name in $LOCKERS; do end_locker "$name"; done
    stop_serve
    stop_tmux
    # Keep the logs for tests/messaging/run's KEEP=1.
    [ -n "${MSG_LOGDIR:-}" ] && mkdir -p "$MSG_LOGDIR" && for f in "$TMP"/*.log; do
        [ -f "$f" ] && cp "$f" "$MSG_LOGDIR/$(basename "$0" .sh).$(basename "$f")"
    done
    rm -rf "$TMP"
}

# msg_finish: finish, with dun serve's log when something failed
msg_finish() {
    if [ "$FAILED" -gt 0 ] && [ -f "$TMP/serve.log" ]; then
        echo "# dun serve log (last lines):"; tail -25 "$TMP/serve.log" | sed 's/^/#   /'
    fi
    finish
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The agent every test account is assigned to.
setup_db() {
    fresh_db "$1"
    "$DUN" migrate >/dev/null || not_ok "migrate"
    sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
    agent_logins # the agent's commands and TUI run as its own login role (tests/as-agent)
}
