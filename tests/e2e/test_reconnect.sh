# The database goes away mid-session and comes back: the status line says
# so, the screen stays usable, and the queue reloads by itself.
. tests/lib.sh
. tests/e2e/tmux.sh
chmod 755 "$TMP"
emb() {
    env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD XDG_DATA_HOME="$TMP/data" "$DUN" "$@"
}
# The demo's day is made up to the moment the second half replays: a contact
# after that moment would count against a message sent "then".
NOW=2026-11-20T11:00:00+09:00
DUN_NOW=$NOW emb demo-data --accounts 60 >/dev/null || { not_ok "embedded demo data"; finish; }
tm -f "$TMP/tmux.conf" new-session -d -s t -x 110 -y 20 \
    "env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD XDG_DATA_HOME='$TMP/data' $DUN --agent demo"
check "the queue opens on the embedded cluster" wait_for "db ok"
expect_rc 0 "the database stops under the running TUI" emb db stop
check "the status line says the database is lost" wait_for "db LOST"
keys j
check "keys still work while it is down" wait_for "| 2/"
keys R
check "an action that needs the database says why it cannot run" wait_for "reload: not now, the database is not reachable"
keys Enter
check "opening an account says the same, not a store error" wait_for "open: not now, the database is not reachable"
expect_rc 0 "the database starts again" emb db start
check "dun reconnects by itself" wait_for "database connection restored" 15
check "and the status line is back to ok" wait_for "db ok"

# Quick restarts, one after another: each loss is seen and the workstation
# connects again every time (it once stayed "db ok" with no connection,
# every action failing with "no connection to the server").
for i in 1 2; do
    sleep 3; emb db stop >/dev/null; sleep 1.8; emb db start >/dev/null; sleep 3.5
done
check "after quick restarts the status line says ok" wait_for "db ok" 15
keys g Enter
check "and an account opens: the connection is real" wait_for "Account " 10
keys q
check "back on the queue" wait_for "PSEL"

# An account left while the database was away: its lease is let go when
# the database is back, not left to read as someone's for a minute.
keys g Enter
check "an account opens" wait_for "Account "
acct=$(screen | sed -n 's/.*Account \([A-Z0-9-]*\).*/\1/p' | head -1)
expect_rc 0 "the database stops with $acct open" emb db stop
check "the TUI notices" wait_for "db LOST"
keys q
check "back on the queue while it is away" wait_for "PSEL"
expect_rc 0 "the database starts again" emb db start
check "dun reconnects" wait_for "db ok" 15
sleep 1
check "$acct is not in use by anyone on the queue" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -F -- '$acct' | grep -q 'in use\|busy'"
keys Enter
check "$acct opens again" wait_for "Account $acct"
sleep 0.5
check "and is ours to work, not in use by another session of ours" \
    sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'another session\|read-only'"
keys q
keys q
check "q still quits" wait_dead

# u while the database is away: the message is held and cancelled when it
# is back, before this TUI's own sender can send it.
ref=$(DUN_NOW=$NOW emb queue --agent demo --json | /usr/bin/python3 -c \
    "import json,sys; print([r['ref'] for r in json.load(sys.stdin) if r['channels']['sms'] == 'allowed'][0])")
tm kill-server 2>/dev/null; RUN=$((RUN + 1)); SOCK="$TMP/tmux.$RUN.sock"
tm -f "$TMP/tmux.conf" new-session -d -s t -x 110 -y 30 \
    "env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD XDG_DATA_HOME='$TMP/data' DUN_NOW=$NOW DUN_UNDO_SECONDS=4 $DUN --agent demo"
check "the queue opens again" wait_for "db ok"
keys /; typed "$ref"; keys Enter; sleep 0.3; keys Enter
check "an account that may be texted opens" wait_for "Account $ref"
keys s
check "s starts the countdown" wait_for "Sending in"
expect_rc 0 "the database stops during the countdown" emb db stop
check "the TUI notices" wait_for "db LOST"
keys u
check "u while it is away says the message will be cancelled" wait_for "u: cancelled once the database is back"
sleep 5 # past the undo window
check "the message is still held, not released" wait_for "Held:"
expect_rc 0 "the database starts again" emb db start
check "the cancel is carried out when it is back" wait_for "cancelled: the message will not be sent" 15
conn=$(emb db status | sed -n 's/^conninfo: *//p')
equal "$(env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD psql "$conn" -X -qAt -c "SELECT state FROM dun.outbox ORDER BY id DESC LIMIT 1" 2>&1)" \
    cancelled "the message is cancelled, never sent"
keys q; wait_for "PSEL" >/dev/null; keys q
check "q quits" wait_dead

# The same with dun serve sending for the floor (the workstation sends
# nothing): dun serve reconnects too, and must not send what a workstation
# took back while the database was away. It claims nothing for 10 s after
# reconnecting; the workstation retries every 3 s and cancels first.
ref2=$(DUN_NOW=$NOW emb queue --agent demo --json | /usr/bin/python3 -c \
    "import json,sys; print([r['ref'] for r in json.load(sys.stdin) if r['channels']['sms'] == 'allowed'][1])")
port=$(/usr/bin/python3 tests/channels/free_ports.py 1)
env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD XDG_DATA_HOME="$TMP/data" DUN_NOW=$NOW \
    DUN_SERVE_TOKEN=reconnect-test-token-0123456789 DUN_SERVE_LISTEN="127.0.0.1:$port" DUN_SMS_PROVIDER=spool \
    DUN_SPOOL_DIR="$TMP/spool" "$DUN" serve >"$TMP/serve.log" 2>&1 &
serve=$!
tm kill-server 2>/dev/null; RUN=$((RUN + 1)); SOCK="$TMP/tmux.$RUN.sock"
tm -f "$TMP/tmux.conf" new-session -d -s t -x 110 -y 30 \
    "env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD XDG_DATA_HOME='$TMP/data' DUN_NOW=$NOW DUN_UNDO_SECONDS=4 DUN_TUI_SENDER=false $DUN --agent demo"
check "the queue opens beside dun serve" wait_for "db ok"
keys /; typed "$ref2"; keys Enter; sleep 0.3; keys Enter
check "another account that may be texted opens" wait_for "Account $ref2"
keys s
check "s starts the countdown" wait_for "Sending in"
expect_rc 0 "the database stops during the countdown" emb db stop
check "the TUI notices" wait_for "db LOST"
keys u
check "u says the message will be cancelled once the database is back" wait_for "u: cancelled once the database is back"
sleep 5 # past the undo window
expect_rc 0 "the database starts again" emb db start
check "the workstation cancels it" wait_for "cancelled: the message will not be sent" 15
sleep 1
equal "$(env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD psql "$conn" -X -qAt -c "SELECT state FROM dun.outbox ORDER BY id DESC LIMIT 1" 2>&1)" \
    cancelled "dun serve did not send it: it is cancelled"
equal "$(find "$TMP/spool" -name '*.sms' 2>/dev/null | wc -l)" 0 "nothing reached the spool"
check "dun serve waited before claiming again" grep -q "claiming again in 10 s" "$TMP/serve.log"
kill "$serve"; wait "$serve" 2>/dev/null
keys q; wait_for "PSEL" >/dev/null; keys q
check "q quits" wait_dead
stop_tmux
emb db stop >/dev/null
finish
