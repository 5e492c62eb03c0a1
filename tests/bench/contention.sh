#!/bin/sh
# Another agent's `dun log-contact` while workstations start (issue 14: no
# slower than when quiet; launches once locked the book's accounts, and the
# call waited 1.9-3.9 s). On $PGDATABASE (a copy of a book): an inbound
# call logged on an account with a pending promise (always recorded, through
# the same locked path as any contact), timed quiet and while BENCH_TUIS (2)
# workstations of bench2k start at once, interleaved, $BENCH_RUNS times
# each. The target is that the call waits on no lock: the server logs every
# wait longer than 10 ms (log_lock_waits, deadlock_timeout) and the figure
# counts those of the run; the times are given beside it as context (the
# machine's CPUs are shared by the workstations starting). Called by
# tests/bench/run (source tests/bench/lib.sh first, for figure). The work is
# checked: every call is recorded, and every workstation painted its queue.
set -eu
DUN=${DUN:-build/dun}
. tests/bench/lib.sh
NAME=${BENCH_CONTENTION_NAME:-$PGDATABASE}
tmp=$(mktemp -d)
S=$tmp/tmux.sock
tm() { tmux -S "$S" "$@"; }
cleanup() { tm kill-server 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
export LANG=C.UTF-8 DUN_DESKTOP_NOTIFY=false
n=${BENCH_TUIS:-2}
db=$PGDATABASE
data=$(bsql -c "SHOW data_directory")
log=$(readlink "/proc/$(head -1 "$data/postmaster.pid")/fd/2") || bench_die "contention: cannot find the server's log"
bsql -c "ALTER DATABASE $db SET log_lock_waits = on" -c "ALTER DATABASE $db SET deadlock_timeout = '10ms'" >/dev/null
p0=$(stat -c %s "$log")

ref=$(bsql -c "SELECT a.ref FROM dun.accounts a JOIN dun.promises p ON p.account_id = a.id
                 JOIN dun.agents g ON g.id = a.assigned_agent_id
                WHERE p.status = 'pending' AND a.status = 'active' AND g.login <> 'bench2k' ORDER BY a.id LIMIT 1")
[ -n "$ref" ] || bench_die "contention: no active account with a pending promise"
calls() { bsql -c "SELECT count(*) FROM dun.contacts c JOIN dun.accounts a ON a.id = c.account_id
                    WHERE a.ref = '$ref' AND c.note = 'bench contention'"; }
before=$(calls)
log_call() {
    s=$(secs)
    "$DUN" log-contact "$ref" --channel phone --in --outcome conversation --note 'bench contention' >/dev/null ||
        bench_die "contention: log-contact on $ref failed"
    e=$(secs)
    echo "$e - $s" | bc
}
painted() { tm capture-pane -p -t "$1" 2>/dev/null | grep -Eq '^ +1 [A-Z]'; }

for i in $(seq "$BENCH_RUNS"); do
    log_call >>"$tmp/quiet"
    for k in $(seq "$n"); do tm new-session -d -s "t$k" -x 120 -y 40 "PGUSER=bench2k exec $DUN"; done
    sleep 0.05 # their launches under way
    log_call >>"$tmp/busy"
    for k in $(seq "$n"); do
        w=0
        until painted "t$k"; do
            w=$((w + 1)); [ $w -lt 3000 ] || bench_die "contention: workstation $k never painted its queue"
            sleep 0.01
        done
    done
    tm kill-server
    sleep 1
done
[ "$(calls)" -eq $((before + 2 * BENCH_RUNS)) ] || bench_die "contention: not every call was recorded"
waits=$(tail -c +"$((p0 + 1))" "$log" | grep -a "@$db " | grep -ac "still waiting for" || true)
bsql -c "ALTER DATABASE $db RESET log_lock_waits" -c "ALTER DATABASE $db RESET deadlock_timeout" >/dev/null
q=$(median "$tmp/quiet") b=$(median "$tmp/busy")
figure "log-contact on another agent's account while $n workstations start: lock waits over 10 ms, $NAME" \
    "$waits" "-" "0" "$(verdict "$waits" '<=' 0)"
figure "log-contact on another agent's account while $n workstations start, $NAME" \
    "$(printf '%.0f ms' "$(echo "$b * 1000" | bc)")" "$(printf '%.0f ms quiet' "$(echo "$q * 1000" | bc)")" \
    "- (context: shared CPUs)" "-"
