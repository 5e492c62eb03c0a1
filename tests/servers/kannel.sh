#!/bin/sh
# tests/servers/kannel.sh start|stop DIR
#
# A real Kannel for tests: bearerbox with two fake SMSCs, smsbox with the
# sendsms interface, and a fakesmsc client playing the receiving phone.
#   phone SMSC  (KANNEL_PHONE_PORT, 10000): every sendsms goes here
#               (forced-smsc); the phone's log is DIR/phone.log, one
#               "Got message N: <from to text|ucs-2 TEXT>" line per SMS
#               (ucs-2 TEXT is URL-encoded UTF-16BE).
#   inject SMSC (KANNEL_INJECT_PORT, 10001): connect a fakesmsc here to send
#               messages from phones (MO), e.g.
#               timeout 3 /usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r 10001 -m 1 "+8190... 5555 text hi"
#   sendsms     http://127.0.0.1:$KANNEL_SENDSMS_PORT/cgi-bin/sendsms, user dun / secret
#               (KANNEL_USER, KANNEL_PASSWORD); numbers starting +999 are
#               refused with 400, like a number the operator rejects
#   MO          every inbound SMS is passed to
#               http://127.0.0.1:${DUN_MO_PORT:-8088}/mo?token=$DUN_TOKEN&from=%p&to=%P&text=%a
# Ports come from the environment (defaults in brackets): KANNEL_ADMIN_PORT
# [13000], KANNEL_BOX_PORT [13001], KANNEL_SENDSMS_PORT [13013],
# KANNEL_PHONE_PORT [10000], KANNEL_INJECT_PORT [10001]; DIR/ports.env records
# what was used. `start` returns when the phone and smsbox are connected;
# `stop` stops smsbox, then bearerbox, then the phone, and waits for each
# process to exit. Both are safe to repeat.
set -u
cmd=${1:-}; dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then echo "usage: $0 start|stop DIR" >&2; exit 2; fi

FAKESMSC=${FAKESMSC:-/usr/lib/kannel/test/fakesmsc}
ADMIN=${KANNEL_ADMIN_PORT:-13000}
BOX=${KANNEL_BOX_PORT:-13001}
SENDSMS=${KANNEL_SENDSMS_PORT:-13013}
PHONE=${KANNEL_PHONE_PORT:-10000}
INJECT=${KANNEL_INJECT_PORT:-10001}
MO=${DUN_MO_PORT:-8088}
TOKEN=${DUN_TOKEN:-}
USER_=${KANNEL_USER:-dun}
PASS=${KANNEL_PASSWORD:-secret}
ADMIN_PASS=admin-$$

# alive NAME: is the process in DIR/NAME.pid running, and still that program?
alive() {
    [ -f "$dir/$1.pid" ] || return 1
    pid=$(cat "$dir/$1.pid")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    case $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) in
    *"$2"*) return 0 ;;
    *) return 1 ;;
    esac
}

# halt NAME PROGRAM: TERM, wait up to 10 s for the exit, then KILL and wait.
halt() {
    if alive "$1" "$2"; then
        pid=$(cat "$dir/$1.pid")
        kill -TERM "$pid" 2>/dev/null
        i=0
        while kill -0 "$pid" 2>/dev/null; do
            i=$((i + 1))
            if [ $i -eq 200 ]; then
                echo "kannel.sh: $1 ($pid) ignored TERM for 10 s, killing it" >&2
                kill -KILL "$pid" 2>/dev/null
            fi
            [ $i -gt 400 ] && { echo "kannel.sh: $1 ($pid) will not exit" >&2; return 1; }
            sleep 0.05
        done
    fi
    rm -f "$dir/$1.pid"
}

listening() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

# wait_for WHAT COMMAND...: up to 10 s for COMMAND to succeed while bearerbox lives
wait_for() {
    what=$1; shift
    i=0
    until "$@"; do
        i=$((i + 1))
        if [ $i -gt 200 ] || ! alive bearerbox bearerbox; then
            echo "kannel.sh: $what did not come up; last log lines:" >&2
            tail -5 "$dir/bearerbox.log" "$dir/smsbox.log" 2>/dev/null | sed 's/^/  /' >&2
            return 1
        fi
        sleep 0.05
    done
}

status() { curl -s --max-time 2 "http://127.0.0.1:$ADMIN/status.txt?password=$ADMIN_PASS"; }
connected() {
    s=$(status)
    case $s in *"phone[phone]"*"(online"*) ;; *) return 1 ;; esac
    case $s in *"smsbox:"*"on-line"*) return 0 ;; *) return 1 ;; esac
}

stop() {
    halt smsbox smsbox
    halt bearerbox bearerbox
    halt phone fakesmsc
}

start() {
    mkdir -p "$dir"
    if alive bearerbox bearerbox; then
        echo "kannel.sh: already running in $dir" >&2
        return 1
    fi
    stop
    for port in $ADMIN $BOX $SENDSMS $PHONE $INJECT; do
        if listening "$port"; then
            echo "kannel.sh: port $port is already in use" >&2
            return 1
        fi
    done
    cat >"$dir/kannel.conf" <<EOF
# Written by tests/servers/kannel.sh
group = core
admin-port = $ADMIN
admin-interface = 127.0.0.1
admin-password = $ADMIN_PASS
admin-allow-ip = 127.0.0.1
smsbox-port = $BOX
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
dlr-storage = internal
log-file = "$dir/bearerbox.log"
log-level = 1
access-log = "$dir/access.log"

# The receiving phone: MT messages go here (forced-smsc of the sendsms user).
group = smsc
smsc = fake
smsc-id = phone
port = $PHONE
connect-allow-ip = 127.0.0.1

# Messages from phones (MO) are injected here; nothing is routed to it.
group = smsc
smsc = fake
smsc-id = inject
port = $INJECT
connect-allow-ip = 127.0.0.1
allowed-smsc-id = inject

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $BOX
sendsms-port = $SENDSMS
sendsms-interface = 127.0.0.1
mo-recode = true
# As the operator guide says: no more requests to dun serve at once than
# its serve_per_ip lets one address hold.
max-pending-requests = 64
log-file = "$dir/smsbox.log"
log-level = 1

group = sendsms-user
username = $USER_
password = $PASS
user-allow-ip = 127.0.0.1
user-deny-ip = "*.*.*.*"
forced-smsc = phone
# A number Kannel refuses (400) for tests: anything starting +999.
black-list-regex = "^\\+?999"
concatenation = true
max-messages = 10

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "http://127.0.0.1:$MO/mo?token=$TOKEN&from=%p&to=%P&text=%a"
EOF
    chmod 600 "$dir/kannel.conf"
    cat >"$dir/ports.env" <<EOF
KANNEL_ADMIN_PORT=$ADMIN
KANNEL_BOX_PORT=$BOX
KANNEL_SENDSMS_PORT=$SENDSMS
KANNEL_PHONE_PORT=$PHONE
KANNEL_INJECT_PORT=$INJECT
DUN_MO_PORT=$MO
EOF
    bearerbox -v 4 "$dir/kannel.conf" >>"$dir/bearerbox.out" 2>&1 &
    echo $! >"$dir/bearerbox.pid"
    for port in $ADMIN $BOX $PHONE $INJECT; do
        wait_for "bearerbox port $port" listening "$port" || { stop; return 1; }
    done
    smsbox -v 4 "$dir/kannel.conf" >>"$dir/smsbox.out" 2>&1 &
    echo $! >"$dir/smsbox.pid"
    # The phone: receives every MT message and logs it (DEBUG level).
    "$FAKESMSC" -H 127.0.0.1 -r "$PHONE" -m 0 "0 0 text unused" >>"$dir/phone.log" 2>&1 &
    echo $! >"$dir/phone.pid"
    wait_for "smsbox sendsms port $SENDSMS" listening "$SENDSMS" || { stop; return 1; }
    wait_for "phone and smsbox connections" connected || { stop; return 1; }
}

case $cmd in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
