#!/bin/sh
# tests/servers/notify.sh start|stop|server-stop DIR
#
# A private D-Bus session bus (dbus-daemon) and a desktop notification
# server on it (tests/servers/notify.py) that logs every notification as a
# JSON line to DIR/notify.log. `start` returns once the server owns
# org.freedesktop.Notifications and writes DIR/bus.env (export
# DBUS_SESSION_BUS_ADDRESS=...); `server-stop` stops only the notification
# server (the bus stays: "no server on the bus"); `stop` stops both and waits.
set -u
cmd=${1:-}; dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then echo "usage: $0 start|stop|server-stop DIR" >&2; exit 2; fi
PY=/usr/bin/python3
here=$(dirname "$0")

stop_pid() { # stop_pid FILE
    [ -f "$1" ] || return 0
    pid=$(cat "$1")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        i=0
        while kill -0 "$pid" 2>/dev/null; do
            i=$((i + 1)); [ $i -eq 100 ] && kill -KILL "$pid" 2>/dev/null
            [ $i -gt 200 ] && { echo "notify.sh: $pid will not exit" >&2; return 1; }
            sleep 0.05
        done
    fi
    rm -f "$1"
}

start() {
    mkdir -p "$dir"
    out=$(dbus-daemon --session --fork --print-address=1 --print-pid=1) || { echo "notify.sh: dbus-daemon failed" >&2; return 1; }
    addr=$(echo "$out" | sed -n 1p); echo "$out" | sed -n 2p >"$dir/bus.pid"
    echo "export DBUS_SESSION_BUS_ADDRESS='$addr'" >"$dir/bus.env"
    DBUS_SESSION_BUS_ADDRESS=$addr $PY "$here/notify.py" "$dir/notify.log" >"$dir/server.out" 2>&1 &
    echo $! >"$dir/server.pid"
    i=0
    until grep -q ready "$dir/server.out" 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 100 ] && { echo "notify.sh: the notification server did not start:" >&2; cat "$dir/server.out" >&2; return 1; }
        sleep 0.05
    done
}

case $cmd in
start) start ;;
server-stop) stop_pid "$dir/server.pid" ;;
stop) stop_pid "$dir/server.pid"; stop_pid "$dir/bus.pid" ;;
*) echo "usage: $0 start|stop|server-stop DIR" >&2; exit 2 ;;
esac
