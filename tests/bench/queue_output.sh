#!/bin/sh
# `dun queue --json` beside psql running dun's own statements (called at the
# end of tests/bench/run, on its book). The statements are captured, not
# rewritten: one run of dun with log_statement=all for its session alone,
# read back from the server's log (the postmaster's stderr) with their
# parameters, and replayed by psql in the same order (PREPARE/EXECUTE, as
# dun sends them). Then 3 runs of each, interleaved; the medians count, with
# each one's peak RSS. The work is checked: the rows in dun's JSON equal the
# rows psql's replay of the queue statement returns, and there are some.
set -eu
DUN=${DUN:-build/dun}
AGENT=${BENCH_QUEUE_AGENT:-demo}
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

# The replay: each "execute <unnamed>: SQL" with its "parameters: $1 = '...'"
# line becomes PREPARE + EXECUTE; "statement: SQL" (the session settings)
# runs as it is. queue.sql gets the queue's statement alone, to count rows.
/usr/bin/python3 - "$tmp/session.log" "$tmp/replay.sql" "$tmp/queue.sql" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n")
stmts = []  # [sql, params or None]
for line in lines:
    m = re.search(r"LOG:  (?:execute <unnamed>|statement): (.*)$", line)
    if m:
        stmts.append([m.group(1), None])
        continue
    m = re.search(r"DETAIL:  parameters: (.*)$", line)
    if m and stmts:
        stmts[-1][1] = [v.replace("''", "'") for v in re.findall(r"\$\d+ = (?:'((?:[^']|'')*)'|NULL)", m.group(1))]
def render(i, s, p):
    if p is None:
        return s.rstrip(";") + ";\n"
    lit = lambda v: "'" + v.replace("'", "''") + "'"
    return "PREPARE s%d AS %s;\nEXECUTE s%d(%s);\nDEALLOCATE s%d;\n" % (i, s, i, ", ".join(map(lit, p)), i)
queue = [i for i, (s, _) in enumerate(stmts) if "LEFT JOIN LATERAL (SELECT status, promised_date" in s]
if len(queue) != 1:
    sys.exit("queue_output: the queue's statement was not captured once (%d times in %d statements)" % (len(queue), len(stmts)))
open(sys.argv[2], "w").write("".join(render(i, s, p) for i, (s, p) in enumerate(stmts)))
open(sys.argv[3], "w").write(render(0, *stmts[queue[0]]))
PY

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
median() { sort -g "$1" | sed -n 2p; }
for _ in 1 2 3; do
    run dun "$DUN" --agent "$AGENT" queue --json
    run psql psql -X -qAt -v ON_ERROR_STOP=1 -f "$tmp/replay.sql"
done
d=$(median "$tmp/dun.t") p=$(median "$tmp/psql.t")
printf 'queue --json %s rows   dun %.2f s   psql %.2f s   ratio %.2f   target <= 1.2   peak RSS dun %d MiB, psql %d MiB\n' \
    "$rows" "$d" "$p" "$(awk "BEGIN { print $d / $p }")" "$(($(median "$tmp/dun.m") / 1024))" \
    "$(($(median "$tmp/psql.m") / 1024))"
