# The embedded cluster: with no database configured, dun creates, starts,
# migrates and reuses a private cluster; dun db status|start|stop manage it.
. tests/lib.sh
chmod 755 "$TMP" # as root the cluster runs as postgres, which must reach it
emb() {
    env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD -u PGSERVICE -u DUN_DATABASE_URL \
        XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" "$DUN" "$@"
}
expect_rc 4 "db status before anything: not created (4)" emb db status
contains "$TMP/out" "not created" "status says not created"
expect_rc 0 "the first command creates and starts the cluster" emb demo-data --if-empty --accounts 50
check "the data directory is under XDG_DATA_HOME" test -f "$TMP/data/dun/pg/PG_VERSION"
expect_rc 0 "db status: running (0)" emb db status
contains "$TMP/out" "running" "status says running"
expect_rc 0 "the queue reads from the embedded cluster" emb --agent demo queue --limit 3
contains "$TMP/out" "DEMO-" "demo rows come back"
expect_rc 0 "demo-data --if-empty leaves existing data alone" emb demo-data --if-empty --accounts 50
expect_rc 0 "db stop" emb db stop
expect_rc 3 "db status: stopped (3)" emb db status
expect_rc 0 "a command starts it again" emb --agent demo queue --limit 1
expect_rc 0 "db start when running is fine" emb db start
expect_rc 0 "db stop again" emb db stop
# The demo's agents are login roles: --agent opens the agent's own role,
# under row-level security, with no password (the cluster trusts its
# private socket, which only its OS user reaches).
esql() { psql -X -qAt "host=$TMP/data/dun/pg port=5432 dbname=dun user=${2:-dun}" -c "$1"; }
expect_rc 0 "the demo agent's queue" emb --agent demo queue --json
equal "$(python3 -c "import json; print(len(json.load(open('$TMP/out'))))")" \
    "$(esql "SELECT count(*) FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id
             WHERE g.login = 'demo' AND a.status = 'active' AND a.balance_minor > 0")" "is demo's active book"
equal "$(esql "SELECT string_agg(rolname, ' ' ORDER BY rolname) FROM pg_roles
               WHERE rolname IN ('demo', 'demo-lead', 'sato') AND rolcanlogin")" "demo demo-lead sato" \
    "demo-data made its agents login roles"
equal "$(esql "SELECT count(*) = (SELECT count(*) FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id
                                   WHERE g.login = 'demo') FROM dun.accounts" demo)" "t" \
    "connected as demo, SQL sees demo's accounts only"
expect_rc 2 "an agent login the cluster does not have" emb --agent nobody queue
contains "$TMP/err" 'no agent login "nobody" in the embedded cluster' "says so"
expect_rc 2 "a login that cannot be a role" emb --agent "x'; DROP" queue
contains "$TMP/err" "is not an agent login" "says so"

# The demo TUI works as the agent's role and still sends: its sender runs
# on a connection of the system's own (here into the spool). AS_SYSTEM: not
# through tests/as-agent; on the embedded cluster dun opens the role itself.
. tests/e2e/tmux.sh
mkdir -p "$TMP/config/dun"
printf 'sms_provider = spool\nemail_provider = spool\nspool_dir = %s\n' "$TMP/spool" >"$TMP/config/dun/dun.conf"
NOW=$(date -u +%Y-%m-%d)T10:00:00+09:00 # a fixed hour: some debtors are in their window
ref=$(DUN_NOW=$NOW emb --agent demo queue --json | python3 -c \
    "import json,sys; print([r['ref'] for r in json.load(sys.stdin) if r['channels']['sms'] == 'allowed'][0])")
AS_SYSTEM=1 start_dun 150 40 -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD \
    XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" DUN_UNDO_SECONDS=0 DUN_NOW=$NOW -- --agent demo
check "the demo TUI opens" wait_for "db ok" 20
check "an account that may be texted opens" open_account "$ref"
keys s
check "s sends it, and the TUI's own sender spools it" wait_for "SPOOLED" 15
equal "$(esql "SELECT count(*) FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id WHERE a.ref = '$ref' AND o.state = 'sent'")" 1 \
    "the outbox says sent"
keys q
wait_dead >/dev/null
stop_tmux
rm -f "$TMP/config/dun/dun.conf"

# A configured database wins over the embedded one.
mkdir -p "$TMP/config/dun"
printf 'database = host=127.0.0.1 port=1 dbname=nope connect_timeout=2\n' >"$TMP/config/dun/dun.conf"
expect_rc 2 "database = in dun.conf is used (and here unreachable)" emb --agent demo queue
contains "$TMP/err" "database = in" "the message names dun.conf as the source"
finish
