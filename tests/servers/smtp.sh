#!/bin/sh
# tests/servers/smtp.sh start|stop DIR [PORT]
#
# An SMTP server for tests (aiosmtpd, Debian's python3-aiosmtpd) on
# 127.0.0.1:PORT (default $SMTP_PORT or 8025) that stores every message it
# accepts in the Maildir DIR/maildir (new mail in DIR/maildir/new; read it
# with Python's mailbox + email.policy.default). `start` returns once the
# port accepts connections; `stop` ends it by PID and waits for the exit.
#
# SMTP_HANDLER (a Python dotted class path, default aiosmtpd.handlers.Mailbox;
# its module found through PYTHONPATH) and SMTP_ARGS (extra aiosmtpd options,
# e.g. "--tlscert C --tlskey K" for STARTTLS) adjust the server; the handler
# is always given the Maildir path.
#
# Debian's /usr/bin/python3, not the python3 first on PATH, has aiosmtpd.
set -u
cmd=${1:-}; dir=${2:-}; port=${3:-${SMTP_PORT:-8025}}
if [ -z "$cmd" ] || [ -z "$dir" ]; then echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; fi
PY=/usr/bin/python3
HANDLER=${SMTP_HANDLER:-aiosmtpd.handlers.Mailbox}

alive() {
    [ -f "$dir/smtp.pid" ] || return 1
    pid=$(cat "$dir/smtp.pid")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    case $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) in
    *aiosmtpd*) return 0 ;;
    *) return 1 ;;
    esac
}

listening() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

stop() {
    if alive; then
        pid=$(cat "$dir/smtp.pid")
        kill -TERM "$pid" 2>/dev/null
        i=0
        while kill -0 "$pid" 2>/dev/null; do
            i=$((i + 1))
            [ $i -eq 100 ] && kill -KILL "$pid" 2>/dev/null
            [ $i -gt 300 ] && { echo "smtp.sh: $pid will not exit" >&2; return 1; }
            sleep 0.05
        done
    fi
    rm -f "$dir/smtp.pid"
}

start() {
    mkdir -p "$dir"
    if alive; then
        echo "smtp.sh: already running in $dir" >&2
        return 1
    fi
    if listening "$port"; then
        echo "smtp.sh: port $port is already in use" >&2
        return 1
    fi
    # shellcheck disable=SC2086 # SMTP_ARGS is a list of options
    $PY -m aiosmtpd -n -l "127.0.0.1:$port" ${SMTP_ARGS:-} -c "$HANDLER" "$dir/maildir" >>"$dir/smtp.log" 2>&1 &
    echo $! >"$dir/smtp.pid"
    echo "SMTP_PORT=$port" >"$dir/smtp.env"
    i=0
    until listening "$port"; do
        i=$((i + 1))
        if [ $i -gt 200 ] || ! alive; then
            echo "smtp.sh: aiosmtpd did not come up on port $port:" >&2
            tail -5 "$dir/smtp.log" | sed 's/^/  /' >&2
            stop
            return 1
        fi
        sleep 0.05
    done
}

case $cmd in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
