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
# A configured database wins over the embedded one.
mkdir -p "$TMP/config/dun"
printf 'database = host=127.0.0.1 port=1 dbname=nope connect_timeout=2\n' >"$TMP/config/dun/dun.conf"
expect_rc 2 "database = in dun.conf is used (and here unreachable)" emb --agent demo queue
contains "$TMP/err" "database = in" "the message names dun.conf as the source"
finish
