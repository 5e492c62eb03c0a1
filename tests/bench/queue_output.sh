#!/bin/sh
# `dun queue --json` beside psql running dun's own statements, for the agent
# $BENCH_QUEUE_AGENT (default demo) in the database $PGDATABASE (called by
# tests/bench/run for each book; source tests/bench/lib.sh first, for
# figure). The statements are captured, not
# rewritten: one run of dun with log_statement=all for its session alone,
# read back from the server's log (the postmaster's stderr) with their
# parameters, and replayed by psql in the same order (PREPARE/EXECUTE, as
# dun sends them). Then 3 runs of each, interleaved; the medians count, with
# each one's peak RSS. The work is checked: the rows in dun's JSON equal the
# rows psql's replay of the queue statement returns, and there are some.
# Prints the figure "queue --json, NAME"; with BENCH_QUEUE_MEDIAN set, also
# writes dun's median seconds to that file.
set -eu
DUN=${DUN:-build/dun}
AGENT=${BENCH_QUEUE_AGENT:-demo}
NAME=${BENCH_QUEUE_NAME:-$AGENT}
. tests/bench/lib.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sql() { psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }
fail() { echo "queue_output: WRONG: $*" >&2; exit 1; }

data=$(sql -c "SHOW data_directory")
log=$(readlink "/proc/$(head -1 "$data/postmaster.pid")/fd/2") ||
    fail "cannot find the server's log (the postmaster's stderr) to capture dun's statements"
start=$(stat -c %s "$log")
PGOPTIONS="${PGOPTIONS:-} -c log_statement=all" "$DUN" --agent "$AGENT" queue --json >"$tmp/dun.json"
sleep 0.2 # the server writes its log asynchronously to us
tail -c +"$((start + 1))" "$log" >"$tmp/session.log"

# The replay (tests/bench/replay.py); queue.sql gets the queue's statement
# alone, to count its rows.
/usr/bin/python3 tests/bench/replay.py "$tmp/session.log" "$tmp/replay.sql" \
    "LEFT JOIN LATERAL (SELECT status, promised_date" "$tmp/queue.sql" >/dev/null ||
    fail "the queue's statement was not captured"

rows=$(grep -c '^  {"rank"' "$tmp/dun.json" || true)
psql_rows=$(sql -f "$tmp/queue.sql" | wc -l)
[ "$rows" -gt 0 ] && [ "$rows" -eq "$psql_rows" ] ||
    fail "dun listed $rows rows for $AGENT, psql's replay of its queue statement $psql_rows"

run() { # run NAME COMMAND...: seconds and peak RSS (KiB) appended to NAME.t and NAME.m
    name=$1; shift
    s=$(date +%s.%N)
    /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null
    e=$(date +%s.%N)
    awk "BEGIN { print $e - $s }" >>"$tmp/$name.t"
    tail -1 "$tmp/rss" >>"$tmp/$name.m"
}
for _ in $(seq "$BENCH_RUNS"); do
    run dun "$DUN" --agent "$AGENT" queue --json
    run psql psql -X -qAt -v ON_ERROR_STOP=1 -f "$tmp/replay.sql"
done
d=$(median "$tmp/dun.t") p=$(median "$tmp/psql.t")
[ -z "${BENCH_QUEUE_MEDIAN:-}" ] || echo "$d" >"$BENCH_QUEUE_MEDIAN"
figure "queue --json, $NAME: $rows rows (peak RSS dun $(($(median "$tmp/dun.m") / 1024)) MiB, psql $(($(median "$tmp/psql.m") / 1024)) MiB)" \
    "$(printf '%.3f s' "$d")" "$(printf '%.3f s psql replay' "$p")" "<= 1.2x" \
    "$(verdict "$(awk "BEGIN { print $d / $p }")" '<=' 1.2)"
