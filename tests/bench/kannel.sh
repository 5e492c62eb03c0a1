#!/bin/sh
# The sender into a real Kannel (called by tests/bench/run, or alone inside
# pg_virtualenv): `dun serve` sending N due SMS with 4 connections, beside
# a keep-alive HTTP client (curl --parallel, 4 connections) sending the
# same number of the same messages to the same sendsms URL, asking for the
# same delivery reports (to the same address, where nothing listens while
# the client runs: Kannel's report work without dun's), interleaved,
# 3 runs each, medians, printed as messages per second and a ratio
# (target >= 0.8). The work is checked: every message of a dun run is
# sent, and the phone (Kannel's fakesmsc) got every SMS of every run. On
# make bench's copy of the 100k book the queue's stored keys are stale at
# this run's moment (two days after the book's): dun serve computes them
# while it sends, as after a migration.
set -eu
cd "$(dirname "$0")/../.."
DUN=${DUN:-build/dun}
. tests/bench/lib.sh
N=${BENCH_KANNEL_N:-600}
RUNS=3
T=$(mktemp -d /tmp/dun-bench-kannel.XXXXXX)
sql() { psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }
# shellcheck disable=SC2046
set -- $(/usr/bin/python3 tests/channels/free_ports.py 6)
export KANNEL_ADMIN_PORT="$1" KANNEL_BOX_PORT="$2" KANNEL_SENDSMS_PORT="$3" \
    KANNEL_PHONE_PORT="$4" KANNEL_INJECT_PORT="$5" DUN_MO_PORT="$6"
export DUN_TOKEN=bench-kannel-token-0123456789
cleanup() { sh tests/servers/kannel.sh stop "$T/kannel" >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
sh tests/servers/kannel.sh start "$T/kannel" >/dev/null || { echo "kannel: could not start Kannel" >&2; exit 1; }
phone() { grep -c "Got message" "$T/kannel/phone.log" 2>/dev/null || true; }

# A book of its own: RUNS * N debtors in Tokyo who agreed to SMS, one
# message each (JP allows one SMS a day per debtor), all due.
export DUN_NOW=2026-11-24T11:00:00+09:00
"$DUN" migrate >/dev/null
sql -c "INSERT INTO dun.agents (login, display_name) VALUES ('bench', 'Bench') ON CONFLICT DO NOTHING" >/dev/null
awk -v n=$((RUNS * N)) 'BEGIN { print "ref,name,currency,balance,time_zone,phone_mobile,sms_consent,assigned_agent";
    for (i = 1; i <= n; i++) printf "KB-%06d,Kannel Bench %d,JPY,%d,Asia/Tokyo,+8190%08d,true,bench\n", i, i, 1000 + i, i }' \
    >"$T/accounts.csv"
"$DUN" import accounts "$T/accounts.csv" >/dev/null
queue_run() { # queue_run K: N due messages for the K-th slice of the book
    sql -v lo=$(( ($1 - 1) * N + 1 )) -v hi=$(( $1 * N )) -v now="$DUN_NOW" >/dev/null <<'SQL'
WITH pick AS (SELECT a.id, p.number FROM dun.accounts a JOIN dun.phones p ON p.account_id = a.id
               WHERE a.ref BETWEEN 'KB-' || lpad(:'lo', 6, '0') AND 'KB-' || lpad(:'hi', 6, '0')),
c AS (INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target, note)
      SELECT id, 'sms', 'out', :'now'::timestamptz - interval '1 minute', 'queued', number, 'bench' FROM pick
      RETURNING id, account_id, target)
INSERT INTO dun.outbox (account_id, contact_id, channel, template, target, subject, body,
                        release_at, next_attempt_at, created_at, updated_at)
SELECT account_id, id, 'sms', 'bench-kannel', target, '', 'Bench: a reminder from dun.',
       :'now'::timestamptz - interval '1 minute', :'now'::timestamptz - interval '1 minute', now(), now() FROM c;
SQL
}
sent() { sql -c "SELECT count(*) FROM dun.outbox WHERE template = 'bench-kannel' AND state IN ('sent', 'delivered')"; }
now() { date +%s.%N; }

dun_run() { # dun_run K: seconds for dun serve to send slice K
    queue_run "$1"
    want=$(( $1 * N ))
    t0=$(now)
    DUN_SMS_PROVIDER=kannel DUN_KANNEL_URL="http://127.0.0.1:$KANNEL_SENDSMS_PORT/cgi-bin/sendsms" \
        DUN_KANNEL_USERNAME=dun DUN_KANNEL_PASSWORD=secret DUN_SMS_FROM=Bench DUN_SMS_CONNECTIONS=4 \
        DUN_SERVE_TOKEN=$DUN_TOKEN DUN_SERVE_LISTEN="127.0.0.1:$DUN_MO_PORT" DUN_PUBLIC_URL="http://127.0.0.1:$DUN_MO_PORT" \
        "$DUN" serve >>"$T/serve.log" 2>&1 &
    pid=$!
    i=0
    while [ "$(sent)" -lt "$want" ]; do
        i=$((i + 1))
        if [ $i -gt 1200 ] || ! kill -0 $pid 2>/dev/null; then
            kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
            echo "kannel: WRONG: dun serve sent $(sent) of $want in 120 s" >&2; tail -5 "$T/serve.log" >&2; exit 1
        fi
        sleep 0.1
    done
    t1=$(now)
    kill $pid; wait $pid 2>/dev/null || true
    awk "BEGIN { print $t1 - $t0 }"
}

curl_run() { # curl_run K: seconds for a keep-alive client to send N of the same messages
    : >"$T/urls"
    i=1
    while [ $i -le "$N" ]; do # the password goes in a config file, never in argv
        printf 'url = "http://127.0.0.1:%s/cgi-bin/sendsms?username=dun&password=secret&from=Bench&to=%%2B8191%08d&text=Bench%%3A+a+reminder+from+dun.&dlr-mask=31&dlr-url=http%%3A%%2F%%2F127.0.0.1%%3A%s%%2Fdlr"\noutput = /dev/null\n' \
            "$KANNEL_SENDSMS_PORT" "$(( $1 * 100000 + i ))" "$DUN_MO_PORT" >>"$T/urls"
        i=$((i + 1))
    done
    t0=$(now)
    curl -s --parallel --parallel-max 4 -K "$T/urls" 2>/dev/null || { echo "kannel: WRONG: curl failed" >&2; exit 1; }
    t1=$(now)
    awk "BEGIN { print $t1 - $t0 }"
}

wait_phone() { # the phone has every SMS sent so far
    i=0
    while [ "$(phone)" -lt "$1" ]; do
        i=$((i + 1)); [ $i -gt 300 ] && { echo "kannel: WRONG: the phone got $(phone) of $1 SMS" >&2; exit 1; }
        sleep 0.1
    done
}

: >"$T/dun.t"; : >"$T/curl.t"
k=1
while [ $k -le $RUNS ]; do
    dun_run $k >>"$T/dun.t"; wait_phone $(( (2 * k - 1) * N ))
    curl_run $k >>"$T/curl.t"; wait_phone $(( 2 * k * N ))
    k=$((k + 1))
done
median() { sort -n "$1" | sed -n "$(( (RUNS + 1) / 2 ))p"; }
d=$(median "$T/dun.t"); c=$(median "$T/curl.t")
rate=$(awk -v n="$N" -v d="$d" 'BEGIN { printf "%.0f", n / d }') base=$(awk -v n="$N" -v c="$c" 'BEGIN { printf "%.0f", n / c }')
figure "sender into Kannel: $N SMS a round, 4 connections, delivery reports asked" "$rate msg/s" \
    "$base msg/s, a keep-alive client" ">= 0.8x" "$(verdict "$(echo "$rate / $base" | bc -l)" '>=' 0.8)"
