# Desktop notifications through libnotify, on a private D-Bus session bus
# with a notification server that logs what it is asked to show: a reply on
# the agent's account, a callback coming due, messages held. With the server
# gone from the bus, and with no bus at all, dun goes on and the status line
# still says it.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_notify
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
NOTE-1,山田 太郎,JPY,50000,ja,Asia/Tokyo,+819012349901,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
# 10 s before a minute turns: the minute's check must not announce the
# callback a second time.
NOW=2026-11-20T10:00:50+09:00
acc="(SELECT id FROM dun.accounts WHERE ref = 'NOTE-1')"
sql "INSERT INTO dun.callbacks (account_id, agent_id, due_at) SELECT $acc, id, '2026-11-20T09:59:00+09:00' FROM dun.agents" >/dev/null
N="$TMP/notify"
check "a session bus with a notification server starts" sh tests/servers/notify.sh start "$N"
trap 'for d in "$N" "$N.off" "$N.hang"; do sh tests/servers/notify.sh stop "$d"; done; rm -rf "$TMP"' EXIT
BUS=$(sed "s/^export DBUS_SESSION_BUS_ADDRESS='//; s/'\$//" "$N/bus.env")
logged() { grep -c "$1" "$N/notify.log" 2>/dev/null || true; }
has_note() { [ "$(logged "$1")" -ge "${2:-1}" ]; }
reply() { # reply TEXT: an inbound SMS on NOTE-1, as dun serve records it
    sql "INSERT INTO dun.inbound (account_id, channel, sender, body) VALUES ($acc, 'sms', '+819012349901', '$1');
         SELECT pg_notify('dun', 'inbound:' || $acc)" >/dev/null
}

start_dun 120 30 DUN_NOW=$NOW DUN_DESKTOP_NOTIFY=true DBUS_SESSION_BUS_ADDRESS="'$BUS'" -- --agent demo
check "the queue opens" wait_for "NOTE-1"
check "the due callback is on the desktop" poll 5 has_note '"summary": "Callback due: NOTE-1"'
check "with the debtor and the time" has_note '"body": "山田 太郎, promised for 09:59 JST"'
check "the minute turns" wait_for "2026-11-20 10:01 JST" 15
sleep 1
equal "$(logged 'Callback due')" 1 "the desktop has the callback once"
reply "明日払います"
check "a reply is on the status line" wait_for "reply from NOTE-1: 明日払います" 5
check "and on the desktop, with its text" poll 5 has_note '"summary": "Reply from NOTE-1", "body": "明日払います"'
check "from dun" has_note '"app_name": "dun"'
sql "INSERT INTO dun.provider_status (channel, provider, paused_until, reason, since)
     VALUES ('sms', 'kannel', now() + interval '5 minutes', 'Kannel answered 403', now());
     SELECT pg_notify('dun', 'provider:0')" >/dev/null
check "messages held: on the status line" wait_for "messages held: sms via kannel paused" 5
check "and on the desktop as critical" poll 5 has_note '"summary": "Messages held", .*"urgency": 2'

check "the notification server leaves the bus" sh tests/servers/notify.sh server-stop "$N"
reply "no server"
check "a reply still reaches the status line" wait_for "reply from NOTE-1: no server" 5
keys j
check "dun goes on" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -q NOTE-1"
keys q
check "and quits cleanly" wait_dead
equal "$(cat "$TMP/exit.$RUN")" 0 "exit 0"

# A notification server that takes the call and never answers: dun still
# quits at once (it waits a second for the notification, then leaves it).
check "a notification server that hangs starts" env NOTIFY_HANG=1 sh tests/servers/notify.sh start "$N.hang"
BUS=$(sed "s/^export DBUS_SESSION_BUS_ADDRESS='//; s/'\$//" "$N.hang/bus.env")
start_dun 120 30 DUN_NOW=$NOW DUN_DESKTOP_NOTIFY=true DBUS_SESSION_BUS_ADDRESS="'$BUS'" -- --agent demo
check "the queue opens" wait_for "NOTE-1"
reply "hang"
check "the reply is on the status line" wait_for "reply from NOTE-1: hang" 5
hung() { [ -s "$N.hang/notify.log" ]; }
check "its notification is stuck in the server" poll 5 hung
keys j
check "the screen still answers" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -q NOTE-1"
keys q
check "q quits within 3 s all the same" poll 3 pane_dead
sh tests/servers/notify.sh stop "$N.hang"

# No bus at all (no DISPLAY either): nothing to autolaunch.
start_dun 120 30 -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY DUN_NOW=$NOW DUN_DESKTOP_NOTIFY=true -- --agent demo
check "the queue opens without a session bus" wait_for "NOTE-1"
reply "no bus"
check "a reply reaches the status line" wait_for "reply from NOTE-1: no bus" 5
keys q
check "q quits" wait_dead
equal "$(cat "$TMP/exit.$RUN")" 0 "exit 0"

# Turned off: nothing reaches the desktop.
check "the notification server starts again" sh tests/servers/notify.sh start "$N.off"
BUS=$(sed "s/^export DBUS_SESSION_BUS_ADDRESS='//; s/'\$//" "$N.off/bus.env")
start_dun 120 30 DUN_NOW=$NOW DUN_DESKTOP_NOTIFY=false DBUS_SESSION_BUS_ADDRESS="'$BUS'" -- --agent demo
check "the queue opens" wait_for "NOTE-1"
reply "turned off"
check "the reply is on the status line" wait_for "reply from NOTE-1: turned off" 5
sleep 0.5
equal "$(cat "$N.off/notify.log" 2>/dev/null | wc -l)" 0 "desktop_notify = false: nothing on the desktop"
keys q
wait_dead >/dev/null
sh tests/servers/notify.sh stop "$N.off"
stop_tmux
finish
