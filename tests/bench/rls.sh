#!/bin/sh
# The queue with and without row-level security (called by tests/bench/run
# on a book; source tests/bench/lib.sh first): `dun queue --json` for the
# agent demo, once as the system naming the agent (a superuser: PostgreSQL
# exempts it from the policies) and once connected as the agent's own login
# role (every policy applies), interleaved, medians of $BENCH_RUNS, printed
# as a ratio (context: no target). The work is checked: both list the same
# accounts, and the role sees no other agent's. The bench's cluster trusts
# its socket: no password is needed or set.
set -eu
DUN=${DUN:-build/dun}
. tests/bench/lib.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
system() { "$DUN" --agent demo queue --json; }
own() { PGUSER=demo "$DUN" queue --json; }
refs() { /usr/bin/python3 -c 'import json,sys; print("\n".join(sorted(r["ref"] for r in json.load(sys.stdin))))'; }
system | refs >"$tmp/system"
own | refs >"$tmp/own"
rows=$(wc -l <"$tmp/own")
others=$(PGUSER=demo psql -X -qAt -c "SELECT count(*) FROM dun.accounts a JOIN dun.agents g
          ON g.id = a.assigned_agent_id WHERE g.login <> 'demo'")
if ! cmp -s "$tmp/system" "$tmp/own" || [ "$rows" -eq 0 ] || [ "$others" -ne 0 ]; then
    bench_die "the queue under row-level security is not the same work: $(wc -l <"$tmp/system") rows as the" \
        "system, $rows as the role, $others of other agents' accounts visible to it"
fi
for _ in $(seq "$BENCH_RUNS"); do
    s=$(secs); own >/dev/null; e=$(secs); echo "$e - $s" | bc >>"$tmp/own.t"
    s=$(secs); system >/dev/null; e=$(secs); echo "$e - $s" | bc >>"$tmp/sys.t"
done
books=$(bsql -c "SELECT count(*) FROM dun.accounts")
o=$(median "$tmp/own.t") y=$(median "$tmp/sys.t")
figure "queue --json as the agent demo's own role (row-level security), $rows rows of $books accounts" \
    "$(printf '%.2f s' "$o")" "$(printf '%.2f s as a superuser' "$y")" "- (context)" "-"
