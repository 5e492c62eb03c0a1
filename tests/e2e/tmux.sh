# tmux helpers for TUI tests: dun runs in a private tmux server as the user's
# terminal; keys go in with send-keys and the screen comes back as text.
export LANG=C.UTF-8
RUN=0
SOCK="$TMP/tmux.$RUN.sock"
# remain-on-exit from the start, so even output just before an immediate exit is kept
printf 'set -g remain-on-exit on\nset -g history-limit 1000\n' >"$TMP/tmux.conf"

tm() { tmux -S "$SOCK" "$@"; }

# start_dun COLS ROWS [ENV=VALUE...] -- ARGS...: run dun in a new session "t"
start_dun() {
    cols=$1; rows=$2; shift 2
    envs=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
    [ "${1:-}" = "--" ] && shift
    tm kill-server 2>/dev/null
    RUN=$((RUN + 1)); SOCK="$TMP/tmux.$RUN.sock" # a new server each time: no shutdown race
    # The shell records dun's exit status: tmux's pane_dead_status is not
    # always set when the pane's output closes before the process is reaped.
    rm -f "$TMP/exit.$RUN"
    # A TUI that names its agent runs as that agent's own login role, under
    # row-level security (tests/as-agent); one that does not runs as the
    # cluster's superuser, the system. On the embedded cluster (no PGHOST)
    # dun itself opens the agent's role. The environment goes through a
    # file: no password in a process's arguments.
    cmd=$DUN
    case " $* " in
    *" --agent "* | *" --agent="*) [ -n "$PGHOST" ] && [ -z "${AS_SYSTEM:-}" ] && agent_logins && cmd="$PWD/tests/as-agent" ;;
    esac
    printf "export PGHOST='%s' PGPORT='%s' PGUSER='%s' PGPASSWORD='%s' PGDATABASE='%s' DUN='%s' AGENT_PGPASS='%s'\n" \
        "$PGHOST" "$PGPORT" "$PGUSER" "$PGPASSWORD" "$PGDATABASE" "$DUN" "$AGENT_PGPASS" >"$TMP/env.$RUN"
    tm -f "$TMP/tmux.conf" new-session -d -s t -x "$cols" -y "$rows" \
        ". '$TMP/env.$RUN'; env $envs $cmd $*; echo \$? >'$TMP/exit.$RUN'"
}

screen() { tm capture-pane -p -t t 2>/dev/null; }

# wait_for TEXT [SECONDS]: true once TEXT is on the screen
wait_for() {
    i=0; limit=$(( ${2:-10} * 10 ))
    while [ $i -lt $limit ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1; i=$((i + 1))
    done
    echo "    | screen while waiting for \"$1\":"; screen | sed 's/^/    | /'
    return 1
}

# wait_gone TEXT: true once TEXT has left the screen
wait_gone() {
    i=0
    while [ $i -lt 100 ]; do
        screen | grep -qF -- "$1" || return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

keys() { tm send-keys -t t "$@"; }
typed() { tm send-keys -t t -l "$1"; }

# open_account REF: search the queue for REF and open it
open_account() {
    keys /; typed "$1"; keys Enter; sleep 0.3; keys Enter
    wait_for "Account $1" 5
}

pane_dead() { [ "$(tm display -p -t t '#{pane_dead}')" = 1 ]; }
wait_dead() {
    i=0; while [ $i -lt 100 ]; do pane_dead && return 0; sleep 0.1; i=$((i + 1)); done; return 1
}
exit_status() {
    i=0
    while [ $i -lt 50 ] && [ ! -s "$TMP/exit.$RUN" ]; do sleep 0.1; i=$((i + 1)); done
    cat "$TMP/exit.$RUN" 2>/dev/null
}
# dun_pid: the dun process (a child of the pane's shell)
dun_pid() { pgrep -P "$(tm display -p -t t '#{pane_pid}')" | head -1; }
alternate_on() { tm display -p -t t '#{alternate_on}'; }
stop_tmux() { tm kill-server 2>/dev/null; }
