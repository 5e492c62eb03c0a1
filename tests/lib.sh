# Shared helpers for the shell test suites (store, e2e). Source it.
# Each check prints "ok - what" or "not ok - what"; the runner counts them.

DUN=${DUN:-build/dun}
FAILED=0
# No test pops up on a developer's desktop: test_notify.sh turns this on
# against a bus of its own.
export DUN_DESKTOP_NOTIFY=false

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; FAILED=$((FAILED + 1)); }

# check "description" command...: ok when the command succeeds
check() {
    desc=$1; shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# expect_rc N "description" command...: ok when the command exits with N
expect_rc() {
    want=$1; desc=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok "$desc"
    else not_ok "$desc (exit $got, wanted $want)"; sed 's/^/    | /' "$TMP/err" "$TMP/out" | head -20; fi
}

# contains FILE TEXT description
contains() {
    if grep -qF -- "$2" "$1"; then ok "$3"
    else not_ok "$3 (\"$2\" not in $(basename "$1"))"; sed 's/^/    | /' "$1" | head -20; fi
}

# equal ACTUAL EXPECTED description
equal() {
    if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3 (got \"$1\", wanted \"$2\")"; fi
}

# poll SECONDS command...: true once the command succeeds (every 0.1 s)
poll() {
    limit=$(($1 * 10)); shift
    i=0
    until "$@"; do
        i=$((i + 1)); [ $i -ge "$limit" ] && return 1
        sleep 0.1
    done
}

# sql "SELECT ...": one value, no alignment
sql() { psql -X -qAt -v ON_ERROR_STOP=1 -c "$1"; }

# company_conf: a dun.conf under $TMP/config with the merge-field values a
# configured (not demo) database must have, exported as XDG_CONFIG_HOME.
company_conf() {
    export XDG_CONFIG_HOME="$TMP/config"
    mkdir -p "$XDG_CONFIG_HOME/dun"
    printf 'company = Dun Test Finance\ncompany_ja = ダン債権回収\ncompany_phone = 0120-123-456\npayment_link = https://pay.dun.example/\n' \
        >"$XDG_CONFIG_HOME/dun/dun.conf"
    chmod 600 "$XDG_CONFIG_HOME/dun/dun.conf"
}

# agent_logins: every active agent of this database can log in as its own
# role (dun demo-data and dun agent add create the roles; agents a test
# inserts by hand get theirs here), with the cluster's password kept in a
# pgpass file, as an agent's ~/.pgpass would keep theirs. tests/as-agent
# then runs dun as the agent its --agent names. Idempotent.
AGENT_PGPASS=""
agent_logins() {
    AGENT_PGPASS="$TMP/pgpass"
    export AGENT_PGPASS
    if [ ! -s "$AGENT_PGPASS" ]; then
        (umask 077; printf '*:*:*:*:%s\n' "$PGPASSWORD" >"$AGENT_PGPASS")
    fi
    # The password never goes in a process's arguments: psql reads it from
    # the environment (printf is the shell's builtin).
    psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || not_ok "agent logins set up"
\set pw `printf %s "$PGPASSWORD"`
SELECT dun.agent_role_ensure(login, role) FROM dun.agents WHERE active;
SELECT format('ALTER ROLE %I PASSWORD %L', login, :'pw') FROM dun.agents WHERE active \gexec
SQL
}

# A fresh database per test file, so files do not see each other's rows.
fresh_db() {
    PGDATABASE="dun_t_$1_$$"
    export PGDATABASE
    createdb "$PGDATABASE" || { not_ok "createdb $PGDATABASE"; exit 1; }
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
finish() { echo "# done"; exit $((FAILED > 0)); }
