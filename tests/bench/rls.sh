#!/bin/sh
# The queue with and without row-level security (called by tests/bench/run,
# after the demo book): `dun queue --json` for the agent demo, once as the
# system naming the agent (a superuser: PostgreSQL exempts it from the
# policies) and once connected as the agent's own login role (every policy
# applies), interleaved, best of 3 each, printed as a ratio. The work is
# checked: both list the same accounts, and the role sees no other agent's.
set -eu
DUN=${DUN:-build/dun}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sql() { psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }
PW=bench-rls-password
sql >/dev/null <<SQL
DO \$\$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'demo') THEN CREATE ROLE demo LOGIN IN ROLE dun_agent; END IF;
END \$\$;
ALTER ROLE demo PASSWORD '$PW';
SQL
system() { "$DUN" --agent demo queue --json; }
own() { PGUSER=demo PGPASSWORD=$PW "$DUN" queue --json; }
refs() { /usr/bin/python3 -c 'import json,sys; print("\n".join(sorted(r["ref"] for r in json.load(sys.stdin))))'; }
system | refs >"$tmp/system"
own | refs >"$tmp/own"
rows=$(wc -l <"$tmp/own")
others=$(PGUSER=demo PGPASSWORD=$PW psql -X -qAt -c "SELECT count(*) FROM dun.accounts a JOIN dun.agents g
          ON g.id = a.assigned_agent_id WHERE g.login <> 'demo'")
if ! cmp -s "$tmp/system" "$tmp/own" || [ "$rows" -eq 0 ] || [ "$others" -ne 0 ]; then
    echo "the queue under row-level security is not the same work: $(wc -l <"$tmp/system") rows as the system," \
         "$rows as the role, $others of other agents' accounts visible to it" >&2
    exit 1
fi
b_sys=1000000 b_own=1000000
for _ in 1 2 3; do
    s=$(date +%s.%N); system >/dev/null; e=$(date +%s.%N)
    b_sys=$(awk "BEGIN { d = $e - $s; print d < $b_sys ? d : $b_sys }")
    s=$(date +%s.%N); own >/dev/null; e=$(date +%s.%N)
    b_own=$(awk "BEGIN { d = $e - $s; print d < $b_own ? d : $b_own }")
done
books=$(sql -c "SELECT count(*) FROM dun.accounts")
printf '%-34s %7.2f s   without RLS (superuser) %.2f s   ratio %.2f   ok: %s rows, of %s accounts\n' \
    "queue --json as the agent's role" "$b_own" "$b_sys" "$(awk "BEGIN { print $b_own / $b_sys }")" "$rows" "$books"
