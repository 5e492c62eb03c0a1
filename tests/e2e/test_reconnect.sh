# The database goes away mid-session and comes back: the status line says
# so, the screen stays usable, and the queue reloads by itself.
. tests/lib.sh
. tests/e2e/tmux.sh
chmod 755 "$TMP"
emb() {
    env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD XDG_DATA_HOME="$TMP/data" "$DUN" "$@"
}
emb demo-data --accounts 60 >/dev/null || { not_ok "embedded demo data"; finish; }
tm -f "$TMP/tmux.conf" new-session -d -s t -x 110 -y 20 \
    "env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD XDG_DATA_HOME='$TMP/data' $DUN --agent demo"
check "the queue opens on the embedded cluster" wait_for "db ok"
expect_rc 0 "the database stops under the running TUI" emb db stop
check "the status line says the database is lost" wait_for "db LOST"
keys j
check "keys still work while it is down" wait_for "| 2/"
keys R
check "an action that needs the database says why it cannot run" wait_for "refresh needs the database"
expect_rc 0 "the database starts again" emb db start
check "dun reconnects by itself" wait_for "database connection restored" 15
check "and the status line is back to ok" wait_for "db ok"
keys q
check "q still quits" wait_dead
stop_tmux
emb db stop >/dev/null
finish
