#!/bin/sh
# The TUI of the agent $BENCH_TUI_AGENT (default bench2k, 2,000 accounts) on
# $PGDATABASE, as an agent
# runs it: connected as its own login role, in a detached tmux (no terminal
# needed). Called by tests/bench/run (source tests/bench/lib.sh first, for
# figure). The role's statements are logged for this database
# (log_statement=all, log_duration) while the script runs, and read back from
# the server's log:
#   - statements on launch (to the queue on screen), on opening the first
#     account, and on going back to the queue: targets 10, 10, 2;
#   - launch to first paint (dun started to the first row on screen, polled
#     every 10 ms) beside psql replaying the launch's statements as the same
#     role (tests/bench/replay.py): target 2x;
#   - back from an account: from the key to the end of the last statement it
#     caused (the log's timestamps; the screen's when it sent none): 50 ms;
#   - peak RSS (VmHWM) with the queue and an open account: 32 MiB;
#   - an idle TUI's CPU, on the queue after its launch, over BENCH_IDLE_SECONDS
#     (10; the first run only), as a share of one CPU: about 0 (1%).
# For a long queue (BENCH_TUI_LONG=1: the demo agent's at 1M) the targets
# are first paint in 300 ms and 64 MiB (issue 14's "330k-row queue").
# Medians of $BENCH_RUNS runs, each launch interleaved with a replay. The
# work is checked: the queue shows the agent's accounts (bench2k: 2,000),
# the account opens, and the log holds the launch's statements.
set -eu
DUN=${DUN:-build/dun}
. tests/bench/lib.sh
AGENT=${BENCH_TUI_AGENT:-bench2k}
NAME=${BENCH_TUI_NAME:-$PGDATABASE}
db=$PGDATABASE
tmp=$(mktemp -d)
S=$tmp/tmux.sock
tm() { tmux -S "$S" "$@"; }
cleanup() {
    tm kill-server 2>/dev/null || true
    bsql -c "ALTER ROLE $AGENT IN DATABASE $db RESET log_statement" -c "ALTER ROLE $AGENT IN DATABASE $db RESET log_duration" \
        >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "tui: WRONG: $*" >&2; screen | sed 's/^/    | /' >&2; exit 1; }
export LANG=C.UTF-8 DUN_DESKTOP_NOTIFY=false

data=$(bsql -c "SHOW data_directory")
log=$(readlink "/proc/$(head -1 "$data/postmaster.pid")/fd/2") || fail "cannot find the server's log"
bsql -c "ALTER ROLE $AGENT IN DATABASE $db SET log_statement = 'all'" \
     -c "ALTER ROLE $AGENT IN DATABASE $db SET log_duration = on" >/dev/null

screen() { tm capture-pane -p -t t 2>/dev/null || true; }
# until PATTERN SECONDS: poll the screen every 10 ms until an extended regexp matches
until_screen() {
    n=0
    while ! screen | grep -Eq -- "$1"; do
        n=$((n + 1)); [ $n -lt $(($2 * 100)) ] || fail "\"$1\" not on the screen after $2 s"
        sleep 0.01
    done
}
pos() { stat -c %s "$log"; }
# since POS: the role's log lines in this database from byte POS on
since() { tail -c +"$(($1 + 1))" "$log" | grep -a " $AGENT@$db " || true; }
statements() { grep -ac 'LOG:  \(statement\|execute\)' || true; }
# settle: the log has stopped growing (the TUI is idle, the server has written)
settle() { p=-1; while [ "$p" != "$(pos)" ]; do p=$(pos); sleep 0.3; done; }
epoch() { date -d "$1" +%s.%N; } # a log timestamp, e.g. 2026-11-28 04:40:01.123 UTC
last_done() { # the end of the last statement in these lines: its duration line's time
    t=$(grep -a 'LOG:  duration:' | tail -1 | cut -c1-27)
    [ -n "$t" ] && epoch "$t"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime
replay() { PGUSER=$AGENT psql -X -qAt -v ON_ERROR_STOP=1 -f "$tmp/launch.sql" >/dev/null; }

for i in $(seq "$BENCH_RUNS"); do
    settle # the previous replay's lines are written
    p0=$(pos)
    t0=$(secs)
    tm new-session -d -s t -x 120 -y 40 "PGUSER=$AGENT exec $DUN"
    until_screen '^ +1 [A-Z]' 120
    t1=$(secs)
    shown=$(screen | sed -n 's/.*Queue | \([0-9]*\) accounts.*/\1/p' | head -1)
    [ "${shown:-0}" -gt 0 ] || fail "$AGENT's queue shows no accounts"
    [ "$AGENT" != bench2k ] || [ "$shown" = 2000 ] || fail "bench2k's queue shows $shown accounts, not 2,000"
    echo "$t1 - $t0" | bc >>"$tmp/paint"
    # The launch ends with its last read, the unseen thanks, which waits for
    # a start message (a callback due) to clear: up to 5 s after the paint.
    n=0
    until since "$p0" | grep -aqF "th.giver_id, th.receiver_id"; do
        n=$((n + 1)); [ $n -lt 1000 ] || fail "the launch never read the unseen thanks"
        sleep 0.01
    done
    settle
    p1=$(pos)
    since "$p0" >"$tmp/launch.log"
    statements <"$tmp/launch.log" >>"$tmp/n_launch"
    pid=$(tm display -p -t t "#{pane_pid}") # the shell exec'd dun
    if [ "$i" = 1 ]; then
        n=$(/usr/bin/python3 tests/bench/replay.py "$tmp/launch.log" "$tmp/launch.sql")
        [ "$n" -gt 0 ] || fail "no statement of the launch in the server's log"
        # Idle: the TUI's own CPU (user + system) while nothing happens.
        c0=$(cpu_ticks "$pid"); w0=$(secs)
        sleep "${BENCH_IDLE_SECONDS:-10}"
        c1=$(cpu_ticks "$pid"); w1=$(secs)
        kill -0 "$pid" 2>/dev/null || fail "the TUI exited while idle"
        idle=$(echo "($c1 - $c0) / $(getconf CLK_TCK) / ($w1 - $w0) * 100" | bc -l)
    fi
    tm send-keys -t t Enter
    until_screen 'Account [A-Z]' 10
    settle
    p2=$(pos)
    since "$p1" | statements >>"$tmp/n_open"
    awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" >>"$tmp/rss"
    tb=$(secs)
    tm send-keys -t t q
    until_screen 'Queue \|' 10
    ts=$(secs)
    settle
    since "$p2" >"$tmp/back.log"
    statements <"$tmp/back.log" >>"$tmp/n_back"
    te=$(last_done <"$tmp/back.log" || echo "$ts")
    echo "$te - $tb" | bc >>"$tmp/back"
    tm kill-server
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    s=$(secs); replay; e=$(secs)
    echo "$e - $s" | bc >>"$tmp/replay"
done

sl=$(median "$tmp/n_launch") so=$(median "$tmp/n_open") sb=$(median "$tmp/n_back")
who="$AGENT ($shown accounts), $NAME"
figure "statements on TUI launch, $who" "$sl" "-" "<= 10" "$(verdict "$sl" '<=' 10)"
figure "statements on opening an account, $who" "$so" "-" "<= 10" "$(verdict "$so" '<=' 10)"
figure "statements on back to the queue, $who" "$sb" "-" "<= 2" "$(verdict "$sb" '<=' 2)"
pa=$(median "$tmp/paint") re=$(median "$tmp/replay")
if [ -n "${BENCH_TUI_LONG:-}" ]; then
    target="<= 300 ms" ok=$(verdict "$pa" '<=' 0.3) rss_mib=64
else
    target="<= 2x" ok=$(verdict "$(echo "$pa / $re" | bc -l)" '<=' 2) rss_mib=32
fi
figure "TUI launch to first paint, $who" "$(printf '%.3f s' "$pa")" \
    "$(printf '%.3f s psql replay of the launch' "$re")" "$target" "$ok"
bk=$(median "$tmp/back")
figure "back from an account to the queue, $who" "$(printf '%.0f ms' "$(echo "$bk * 1000" | bc)")" "-" \
    "<= 50 ms" "$(verdict "$bk" '<=' 0.050)"
figure "idle TUI on the queue, CPU over ${BENCH_IDLE_SECONDS:-10} s, $who" "$(printf '%.2f%%' "$idle")" "-" \
    "<= 1%" "$(verdict "$idle" '<=' 1)"
rss=$(median "$tmp/rss")
figure "peak RSS, TUI with the queue and an open account, $who" "$((rss / 1024)) MiB" "-" "<= $rss_mib MiB" \
    "$(verdict "$rss" '<=' $((rss_mib * 1024)))"
