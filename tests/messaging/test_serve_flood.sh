# dun serve under a slow-client flood (issue 10, item 6). 1,100 connections
# from one local address (127.0.0.2: a client on this machine other than
# Kannel) each send half a request line and hold it, a byte every 3 s so that
# an idle timeout alone never frees them; closed ones are opened again.
# Wanted, while the flood is held: /health answers, and a STOP that Kannel
# (from 127.0.0.1) passes to /mo is recorded and opts the debtor out. Kannel
# does not retry a failed fetch: a /mo that cannot get in is a STOP lost.
# Also: a half-sent request from a quiet client is dropped after
# serve_timeout seconds.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_flood
P=+12125550771
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
FLOOD-1,Fay Flood,USD,90.00,en,America/New_York,$P,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
FLOOD_PID=
stop_flood() { [ -z "$FLOOD_PID" ] || { kill "$FLOOD_PID" 2>/dev/null; wait "$FLOOD_PID" 2>/dev/null; FLOOD_PID=; }; }
trap 'stop_flood; cleanup' EXIT

check "dun serve starts" start_serve DUN_SERVE_TIMEOUT=3 || msg_finish
$PY tests/messaging/slowflood.py 127.0.0.1 "$SERVE_PORT" 127.0.0.2 1100 "$TMP/flood" 2>>"$TMP/flood.err" &
FLOOD_PID=$!
remember_pid "$FLOOD_PID"
flood_made() { [ "$(sed -n 's/^connected \([0-9]*\).*/\1/p' "$TMP/flood" 2>/dev/null)" -ge 1100 ] 2>/dev/null; }
check "the flood has made its 1,100 connections" poll 30 flood_made
sleep 1
health() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$SERVE_PORT/health"; }
equal "$(health)" 200 "/health answers during the flood"
check "a STOP through Kannel reaches /mo during the flood" inject_sms "$P" "STOP"
equal "$(sql "SELECT sms_opt_out FROM dun.accounts WHERE ref = 'FLOOD-1'")" t "and opts the debtor out"
check "the flood is still running" kill -0 "$FLOOD_PID"
sed 's/^/# flood: /' "$TMP/flood"
equal "$(health)" 200 "/health still answers"
stop_flood

# A quiet client: half a request line, then nothing. Dropped after
# serve_timeout (3 s here), not held until it speaks again.
quiet_dropped() {
    $PY - "$SERVE_PORT" <<'EOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.send(b"GET /health HTTP/1.1\r\nHost: x")
s.settimeout(8)
t = time.monotonic()
try:
    closed = s.recv(1024) is not None
except socket.timeout:
    closed = False
sys.exit(0 if closed and time.monotonic() - t < 6 else 1)
EOF
}
check "a half-sent request is dropped after serve_timeout" quiet_dropped
stop_serve
equal "$SERVE_RC" 0 "dun serve stops cleanly"
msg_finish
